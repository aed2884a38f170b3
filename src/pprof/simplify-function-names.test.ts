// pprof's name clean-up, on the names of the peer profiles that show it (Rust, Go generics) and
// on the names it must leave alone (Java constructors, Go methods of generic types).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { removeMatching, simplifiedFunctionName } from './simplify-function-names.js';

const simplified = (name: string) => simplifiedFunctionName(name, name);

describe('simplifiedFunctionName, as pprof 1.19 shows names', () => {
  it("drops Rust's <impl …> and <T as Trait> groups", () => {
    assert.equal(
      simplified('std::sys::unix::time::inner::<impl std::sys::unix::time::Timespec>::now'),
      'std::sys::unix::time::inner::::now',
    );
    assert.equal(
      simplified('backtrace_rs.rs:23 - <pprof::backtrace::backtrace_rs::Trace as pprof::backtrace::Trace>::trace'),
      'backtrace_rs.rs:23 - ::trace',
    );
  });
  it('drops C++ parameters and template arguments, nested ones whole', () => {
    assert.equal(
      simplified('std::vector<std::pair<int, int> >::push_back(std::pair<int, int> const&)'),
      'std::vector::push_back',
    );
  });
  it("drops the parameter lists inside a Go generic's shape", () => {
    assert.equal(
      simplified('p.New[go.shape.interface { Err() error; Seek(int) bool }]'),
      'p.New[go.shape.interface { Err error; Seek bool }]',
    );
  });
  it('leaves Java constructors, Go methods of generic types and plain names alone', () => {
    assert.equal(simplified('com.example.Foo.<init>'), 'com.example.Foo.<init>');
    assert.equal(simplified('main.(*List[...]).Push'), 'main.(*List[...]).Push');
    assert.equal(simplified('main.(*T).Method'), 'main.(*T).Method');
  });
  it('keeps a name its producer demangled (name and system name differ), and names an unnamed function by its system name', () => {
    assert.equal(simplifiedFunctionName('f<int>', '_Z1fIiEvv'), 'f<int>');
    assert.equal(simplifiedFunctionName('', 'a::b(int)'), 'a::b');
  });
  it('removeMatching leaves a name with a stray closing bracket as it is', () => {
    assert.equal(removeMatching('a)b(c)', '(', ')'), 'a)b(c)');
    assert.equal(removeMatching('a(b', '(', ')'), 'a(b');
  });
});
