// pprof's graph.ShortenFunctionName: the short label of a frame (package path and C++/Java
// qualifiers dropped), as its flame graph and call graph draw it.

const CPP_ANONYMOUS_PREFIX = /^\(anonymous namespace\)::/g;
const GO_VERSION = /^(.*?)\/v(?:[2-9]|[1-9][0-9]+)([./].*)$/;
const SHORTENERS = [
  /^(?:[\w\-.]+\/)+(.+)/,
  /^(?:[a-z]\w*\.)*([A-Z][\w$]*\.(?:<init>|[a-z][\w$]*(?:\$\d+)?))(?:(?:\()|$)/,
  /^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?)/,
];

export function shortenFunctionName(name: string): string {
  let f = name.replace(CPP_ANONYMOUS_PREFIX, '');
  // GO_VERSION's `.` cannot cross a newline and it is anchored at both ends, so it never matches a
  // name with one; V8 would take quadratic time to find that out (a 400k-character name: 15 s).
  if (!f.includes('\n')) f = f.replace(GO_VERSION, '$1$2');
  for (const pattern of SHORTENERS) {
    const match = pattern.exec(f);
    if (match !== null && match.length >= 2) {
      f = match.slice(1).join('');
      return f;
    }
  }
  return f;
}
