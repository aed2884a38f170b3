// A viewer capture made of one of ../shared/fixtures, as the processor would hand it to a viewer,
// for route tests that build the app without a port.

import { readFileSync } from 'node:fs';
import type { DecodedCapture } from '../../src/web/viewer-server.js';
import { fixturePath, loadFixture } from './fixtures.js';

export function fixtureCapture(fixture: string, type: string): DecodedCapture {
  return {
    profile: loadFixture(fixture),
    rawBytes: new Uint8Array(readFileSync(fixturePath(fixture))),
    file: `profilers/go/pprof/20261125065500/default.demo.${type}.prof`,
    type,
    source: 'http://127.0.0.1:6060',
    capturedAt: new Date('2026-11-25T06:55:00Z'),
  };
}
