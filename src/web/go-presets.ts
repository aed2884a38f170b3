// The Go-aware refine presets the header offers: hiding the runtime's own frames (scheduler, GC
// workers, allocator, goexit) and showing only the frames of the program's main module, whose
// import path is read from the profile itself (function names and their source files).

import type { Profile } from '../pprof/index.js';

/**
 * Frames of the Go runtime, as a `hide` regexp: every `runtime.` function (the GC workers
 * `runtime.gcBgMarkWorker`, `runtime.bgsweep`, `runtime.bgscavenge`, the allocator
 * `runtime.mallocgc`, `runtime.goexit`, ...) and the runtime's internal packages. Anchored, so it
 * never matches a source file's path, and `runtime/pprof`, `runtime/trace` and `runtime/debug`
 * (packages programs call) stay visible. A sample made only of runtime frames (a GC worker's)
 * has nothing left to show and leaves the view, as with pprof's hide.
 */
export const GO_RUNTIME_HIDE = '^runtime\\.|^runtime/internal/|^internal/runtime/';

export interface GoPresets {
  readonly hideRuntime: string;
  /** A `show` regexp for the main package and the main module's packages; "" when the profile has no `main.` function. */
  readonly mainModule: string;
  /** The main module's import path when found (`gotarget`, `example.com/svc`); "" otherwise. */
  readonly modulePath: string;
}

/** Go's regexp.QuoteMeta. */
export function quoteGoRegexp(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The import path of a Go function name: `gotarget/internal/codec.(*Decoder).Read` → `gotarget/internal/codec`. */
export function goPackageOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot < 0 ? name : name.slice(0, dot);
}

function directoryOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/**
 * The main module's path: a package whose sources sit in a subdirectory `sub` of the main
 * package's directory is `<module>/sub` (Go's module layout), so `<module>` is its path without
 * `/sub`. The most common answer wins; "" when no package lives below the main package.
 */
export function findMainModule(profile: Profile): string {
  const { name, filename, count } = profile.functions;
  const strings = profile.strings;
  const mainDirectories = new Set<string>();
  for (let f = 0; f < count; f++) {
    if (strings[name[f]!]!.startsWith('main.')) mainDirectories.add(directoryOf(strings[filename[f]!]!));
  }
  mainDirectories.delete('');
  const votes = new Map<string, number>();
  for (let f = 0; f < count; f++) {
    const fn = strings[name[f]!]!;
    const pkg = goPackageOf(fn);
    if (pkg === 'main' || !pkg.includes('/')) continue;
    const directory = directoryOf(strings[filename[f]!]!);
    for (const mainDirectory of mainDirectories) {
      if (!directory.startsWith(`${mainDirectory}/`)) continue;
      const sub = directory.slice(mainDirectory.length + 1);
      if (pkg.endsWith(`/${sub}`)) {
        const module = pkg.slice(0, pkg.length - sub.length - 1);
        votes.set(module, (votes.get(module) ?? 0) + 1);
      }
    }
  }
  let best = '';
  let bestVotes = 0;
  for (const [module, n] of votes) {
    if (n > bestVotes || (n === bestVotes && module < best)) {
      best = module;
      bestVotes = n;
    }
  }
  return best;
}

export function goPresets(profile: Profile): GoPresets {
  const { name, count } = profile.functions;
  let hasMain = false;
  for (let f = 0; f < count && !hasMain; f++) hasMain = profile.strings[name[f]!]!.startsWith('main.');
  const modulePath = findMainModule(profile);
  const parts = [...(hasMain ? ['^main\\.'] : []), ...(modulePath === '' ? [] : [`^${quoteGoRegexp(modulePath)}[./]`])];
  return { hideRuntime: GO_RUNTIME_HIDE, mainModule: parts.join('|'), modulePath };
}
