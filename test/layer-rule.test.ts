// The layer rule (scripts/eslint-layer-rule.js) on code written for the test, placed at real paths
// of the repository so that the helpers it imports are the real ones: a folder imports only what
// the table allows, a test beside a folder's code reaches only that through its helpers, code
// under src/ imports nothing outside it, and tests in test/ import anything.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { layerRule } from '../scripts/eslint-layer-rule.js';
import { REPO_ROOT } from './support/fixtures.js';

/** The rule's messages for `code` as if it were the file at `file` (relative to the repository). */
function lint(file: string, code: string): string[] {
  const linter = new Linter({ cwd: REPO_ROOT });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { local: { rules: { layers: layerRule } } },
        rules: { 'local/layers': 'error' },
      },
    ],
    path.join(REPO_ROOT, file),
  );
  return messages.map((message) => message.message);
}

describe('the layer rule', () => {
  it('lets a folder import what its row allows, and the errors folder from anywhere', () => {
    assert.deepEqual(lint('src/web/x.ts', "import { decodeProfile } from '../pprof/index.js';"), []);
    assert.deepEqual(lint('src/pprof/x.ts', "import { GoProfilerError } from '../errors/index.js';"), []);
    assert.deepEqual(lint('src/web/x.ts', "import { startProcessor } from '../processor/index.js';"), [
      'src/web/ may not import src/processor/ (allowed: errors, pprof, units, query, store)',
    ]);
    assert.deepEqual(lint('src/errors/x.ts', "export { decodeProfile } from '../pprof/index.js';"), [
      'src/errors/ may not import src/pprof/ (allowed: nothing of ours)',
    ]);
  });

  it('lets code under src/ import nothing outside it', () => {
    assert.deepEqual(lint('src/session/x.ts', "import { ManualClock } from '../../test/support/manual-clock.js';"), [
      'src/session/ may not import test/support/manual-clock.ts: code under src/ imports nothing outside it',
    ]);
  });

  it('lets a test beside the code use a helper only when all it reaches is allowed there', () => {
    // manual-clock imports nothing of ours; fixtures reaches src/pprof, which units may import.
    assert.deepEqual(
      lint('src/session/x.test.ts', "import { ManualClock } from '../../test/support/manual-clock.js';"),
      [],
    );
    assert.deepEqual(lint('src/units/x.test.ts', "import { loadFixture } from '../../test/support/fixtures.js';"), []);
    // test-processor starts the processor: such a test lives in test/.
    assert.deepEqual(
      lint('src/web/x.test.ts', "import { startTestProcessor } from '../../test/support/test-processor.js';"),
      [
        'a test beside src/web/ may not import test/support/test-processor.ts: it reaches src/processor/index.ts ' +
          '(allowed: web, errors, pprof, units, query, store); tests that need more live in test/',
      ],
    );
    // data-root reaches src/store and src/web through its own imports: fine beside web, not beside pprof.
    assert.deepEqual(lint('src/web/x.test.ts', "import { makeDataRoot } from '../../test/support/data-root.js';"), []);
    assert.deepEqual(
      lint('src/pprof/x.test.ts', "import { makeDataRoot } from '../../test/support/data-root.js';")
        .join('\n')
        .match(/reaches (.*) \(allowed/)?.[1]
        ?.split(', '),
      ['src/store/index.ts', 'src/web/viewer-server.ts'],
    );
  });

  it('lets a test in test/ import anything', () => {
    assert.deepEqual(lint('test/x.test.ts', "import { startProcessor } from '../src/processor/index.js';"), []);
  });
});
