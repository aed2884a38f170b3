// Locates ../shared (the fixtures and the Go target) from any test, and caches decoded fixtures
// so each one is decoded once per test process.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProfile, type Profile } from '../../src/pprof/index.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = process.env.GO_PROFILER_SHARED_DIR ?? path.resolve(REPO_ROOT, '../shared');
export const FIXTURES_DIR = path.join(SHARED_DIR, 'fixtures');
export const GOTARGET_DIR = path.join(SHARED_DIR, 'gotarget');

if (!existsSync(FIXTURES_DIR)) {
  throw new Error(`fixtures not found at ${FIXTURES_DIR}: check out ../shared beside the repository`);
}

export function fixturePath(name: string): string {
  return path.join(FIXTURES_DIR, name);
}

/** Every `.pb.gz` fixture's file name, sorted. */
export function listProfileFixtures(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.pb.gz'))
    .sort();
}

const decoded = new Map<string, Profile>();

export function loadFixture(name: string): Profile {
  let profile = decoded.get(name);
  if (profile === undefined) {
    profile = decodeProfile(readFileSync(fixturePath(name)));
    decoded.set(name, profile);
  }
  return profile;
}
