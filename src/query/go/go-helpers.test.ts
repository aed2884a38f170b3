import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanPath } from './clean-path.js';
import { printableNodeName } from '../graph/frame-nodes.js';
import { compareGoStrings } from './compare-go-strings.js';
import { simplifyFunctionName } from '../filter/location-lines.js';
import { PairIndex, createPairTable } from '../graph/pair-index.js';
import { shortenFunctionName } from '../graph/shorten-function-name.js';
import { alignRightColumns } from './align-right-columns.js';

describe('pprof naming helpers', () => {
  it('shortens names as pprof labels frames', () => {
    assert.equal(shortenFunctionName('gotarget/internal/codec.(*Decoder).ReadFrame'), 'codec.(*Decoder).ReadFrame');
    assert.equal(shortenFunctionName('github.com/x/y/v2/pkg.F'), 'pkg.F');
    assert.equal(shortenFunctionName('main.sortKeys'), 'main.sortKeys');
    assert.equal(shortenFunctionName('(anonymous namespace)::foo::Bar::baz'), 'Bar::baz');
    // A name from a hostile profile: Go's version pattern fails on the newline, in linear time here.
    const hostile = `${'/v2.'.repeat(100_000)}\n`;
    assert.equal(shortenFunctionName(hostile), hostile);
    assert.equal(shortenFunctionName('example.com/m/v12/pkg.F\n'), 'pkg.F');
  });

  it('simplifies names for drop_frames and prune_from (Go methods lose their type, as in pprof)', () => {
    assert.equal(simplifyFunctionName('.foo(int)'), 'foo');
    assert.equal(simplifyFunctionName('main.(*config).makePath'), 'main.');
    assert.equal(simplifyFunctionName('(anonymous namespace)::f(int)'), '(anonymous namespace)::f');
  });

  it('cleans paths and prints node names as pprof', () => {
    assert.equal(cleanPath('/a/./b/../c//d/'), '/a/c/d');
    assert.equal(cleanPath('../x/../../y'), '../../y');
    const node = { name: 'main.f', file: '/src/m.go', lineNumber: 0, address: 0n, objfile: '' };
    assert.equal(printableNodeName(node), 'main.f /src/m.go');
    assert.equal(
      printableNodeName({ ...node, lineNumber: 7, address: 0x4a2fn }),
      '0000000000004a2f main.f /src/m.go:7',
    );
    assert.equal(printableNodeName({ ...node, name: '', file: '', objfile: '/opt/bin' }), '[bin]');
    assert.equal(printableNodeName({ ...node, name: '', file: '' }), '<unknown>');
  });

  it('orders strings by code point, as Go compares UTF-8', () => {
    assert.ok(compareGoStrings('\u{1F600}', '\uFF01') > 0);
    assert.ok(compareGoStrings('a', 'b') < 0);
    assert.equal(compareGoStrings('x', 'x'), 0);
  });

  it('aligns tabbed columns as Go text/tabwriter (AlignRight)', () => {
    assert.equal(
      alignRightColumns('k:\t T\n \t1 (x):\t a\n \t22 (yy):\t b\n', 0, 1),
      ' k: T\n      1 (x): a\n    22 (yy): b\n',
    );
  });

  it('interns pairs densely or by hashing, with the same ids', () => {
    for (const table of [createPairTable(10, 10), new PairIndex(4), createPairTable(100_000, 100_000)]) {
      const ids = [table.intern(3, 4), table.intern(4, 3), table.intern(3, 4)];
      for (let i = 0; i < 3000; i++) table.intern(i % 10, (i * 7) % 10);
      assert.deepEqual(ids, [0, 1, 0]);
      const seen: string[] = [];
      table.forEach((a, b, id) => id < 2 && seen.push(`${id}:${a},${b}`));
      assert.deepEqual(seen.sort(), ['0:3,4', '1:4,3']);
    }
  });
});
