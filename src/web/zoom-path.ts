// The flame graph's zoom in the URL (`zoom`, ours): the call path from the root's child down to
// the zoomed frame, as frame names joined with ";" like folded stacks, with "\" escaping a ";" or
// "\" inside a name. Shared by the server (which builds the zoomed graph) and the browser client.

/** `["main.main", "main.(*T).run;x"]` → `main.main;main.(*T).run\;x`. */
export function formatZoomPath(names: readonly string[]): string {
  return names.map((name) => name.replace(/[\\;]/g, '\\$&')).join(';');
}

/** True when every `\` escapes a `;` or a `\`, as formatZoomPath writes them. */
export function isWellFormedZoomPath(text: string): boolean {
  return /^(?:[^\\]|\\[\\;])*$/.test(text);
}

/** The inverse of formatZoomPath; "" is the unzoomed graph (an empty path). */
export function parseZoomPath(text: string): string[] {
  if (text === '') return [];
  const names: string[] = [];
  let name = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) name += text[++i];
    else if (c === ';') {
      names.push(name);
      name = '';
    } else name += c;
  }
  names.push(name);
  return names;
}
