// pprof's name clean-up of every profile it reads (symbolizer.Demangle with its default mode, as
// Go 1.19's pprof runs it after loading): a name that looks like demangled C++ or Rust loses its
// parameter lists `(…)` and template arguments `<…>`, e.g. Rust's
// `<pprof::backtrace::Trace as pprof::Trace>::trace` becomes `::trace`. Mangled `_Z…` names are
// left as they are (pprof demangles them first; we have no demangler).

import type { Profile } from './profile-model.js';

/** pprof's looksLikeDemangledCPlusPlus: `::` or brackets, but no Java `.<init>` nor Go `(*T[…]).M`. */
function looksLikeDemangledCpp(name: string): boolean {
  if (name.includes('.<') || name.includes(']).')) return false;
  return /[<>[\]]/.test(name) || name.includes('::');
}

/** pprof's removeMatching: drops each outermost start…end group; a stray end leaves the name as is. */
export function removeMatching(name: string, start: string, end: string): string {
  let nesting = 0;
  let first = 0;
  let result = name;
  for (let at = 0; at < result.length; at++) {
    const c = result[at];
    if (c === start) {
      nesting++;
      if (nesting === 1) first = at;
    } else if (c === end) {
      nesting--;
      if (nesting < 0) return result;
      if (nesting === 0) {
        result = result.slice(0, first) + result.slice(at + 1);
        at = first - 1;
      }
    }
  }
  return result;
}

/** The name pprof shows for a function with these names (demangleSingleFunction). */
export function simplifiedFunctionName(name: string, systemName: string): string {
  if (name !== '' && systemName !== name) return name;
  if (!looksLikeDemangledCpp(systemName)) return systemName;
  return removeMatching(removeMatching(systemName, '(', ')'), '<', '>');
}

/** The profile with pprof's simplified function names; the same object when none changes. */
export function simplifyFunctionNames(profile: Profile): Profile {
  const { functions } = profile;
  let strings: string[] | undefined;
  let names: Uint32Array | undefined;
  for (let i = 0; i < functions.count; i++) {
    const name = profile.strings[functions.name[i]!]!;
    const simplified = simplifiedFunctionName(name, profile.strings[functions.systemName[i]!]!);
    if (simplified === name) continue;
    strings ??= [...profile.strings];
    names ??= Uint32Array.from(functions.name);
    names[i] = strings.length;
    strings.push(simplified);
  }
  if (strings === undefined || names === undefined) return profile;
  return { ...profile, strings, functions: { ...functions, name: names } };
}
