// The package as `npm pack` ships it (dist/ as the test run built it) and its production
// dependencies, linked from the checkout's node_modules: what an install from the tarball holds.

import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './fixtures.js';

const run = promisify(execFile);

export interface PackResult {
  readonly filename: string;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string }[];
}

/** Packs the repository (dist/ as the test run built it: no prepare script) into `dir`. */
export async function pack(dir: string): Promise<PackResult> {
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: REPO_ROOT,
  });
  return (JSON.parse(stdout) as PackResult[])[0]!;
}

/** Links the production dependencies (npm's own list) into `nodeModules`; dev dependencies stay out. */
export async function linkProductionDependencies(nodeModules: string): Promise<void> {
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: REPO_ROOT });
  const top = new Set<string>();
  for (const line of stdout.trim().split('\n')) {
    const relative = path.relative(path.join(REPO_ROOT, 'node_modules'), line);
    if (relative === '' || relative.startsWith('..')) continue;
    const parts = relative.split(path.sep);
    top.add(parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  for (const name of top) {
    mkdirSync(path.dirname(path.join(nodeModules, name)), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules', name), path.join(nodeModules, name));
  }
}

/** The tarball unpacked into `dir` (its `package/` folder stripped), as npm unpacks it. */
export async function unpack(tarball: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
}
