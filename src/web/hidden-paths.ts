// Paths of the machine a viewer runs on never appear in its answers (SPEC §5): error messages from
// the store, the settings file or the file system name files by absolute path, so every error
// body is rewritten with these paths replaced by what they are (`<data root>`).

import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A path of the machine and what an answer calls it instead. */
export interface HiddenPath {
  readonly path: string;
  readonly as: string;
}

// This module runs from dist/web or src/web: the package is two levels up.
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The paths a viewer's errors may name, most specific first. */
export function hiddenPathsOf(viewer: {
  dataRoot?: string | undefined;
  settingsFile?: string | undefined;
}): HiddenPath[] {
  const paths: HiddenPath[] = [
    { path: PACKAGE_ROOT, as: '<installation>' },
    { path: process.cwd(), as: '<working directory>' },
    { path: homedir(), as: '<home directory>' },
  ];
  if (viewer.dataRoot !== undefined) paths.push({ path: path.resolve(viewer.dataRoot), as: '<data root>' });
  if (viewer.settingsFile !== undefined) {
    // Settings errors read "read settings <file>: ...".
    paths.push({ path: path.resolve(viewer.settingsFile), as: 'file' });
  }
  // The longest first: the settings file before the data root that holds it.
  return paths.filter((hidden) => hidden.path.length > 1).sort((a, b) => b.path.length - a.path.length);
}

export function hidePaths(text: string, hidden: readonly HiddenPath[]): string {
  let result = text;
  for (const { path: machinePath, as } of hidden) result = result.replaceAll(machinePath, as);
  return result;
}
