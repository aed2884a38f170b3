// Decodes the POST body: strict UTF-8 without a byte order mark, one JSON value, and no key named
// twice in an object (parsers disagree on which duplicate wins: the request must mean one thing).

import { InvalidRequestError } from './invalid-request-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The JSON value of `body` (a Buffer, or nothing when the request had no body). */
export function parseJsonBody(body: unknown): unknown {
  if (!(body instanceof Uint8Array) || body.length === 0)
    throw new InvalidRequestError(undefined, 'empty (expected a JSON object)');
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    throw new InvalidRequestError(undefined, 'starts with a byte order mark (send UTF-8 JSON without one)');
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch (error) {
    throw new InvalidRequestError(undefined, 'not valid UTF-8', { cause: error });
  }
  if (text.trim() === '') throw new InvalidRequestError(undefined, 'empty (expected a JSON object)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestError(undefined, `not JSON (${(error as Error).message.slice(0, 200)})`, { cause: error });
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new InvalidRequestError(duplicate, 'given twice (a JSON object may name each key once)');
  }
  return value;
}

interface Container {
  readonly isObject: boolean;
  /** The keys seen so far (made at the first key: most containers of a deep body have none). */
  keys: Set<string> | undefined;
  readonly parent: Container | undefined;
  /** This container's key in its parent (`[]` in an array); the path is built only when needed. */
  readonly name: string;
}

/**
 * The dotted path of the first key an object names twice (`tls.secretReference.name`). `text` is
 * valid JSON (JSON.parse accepted it), so a scan of strings and brackets suffices; iterative, and
 * linear in memory, for 100k-deep nesting.
 */
export function findDuplicateKey(text: string): string | undefined {
  let top: Container | undefined;
  let expectKey = false;
  let lastKey = '';
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey && top?.isObject === true) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        top.keys ??= new Set();
        if (top.keys.has(key)) return pathOf(top, key);
        top.keys.add(key);
        lastKey = key;
        expectKey = false;
      }
      at = end;
    } else if (char === '{' || char === '[') {
      const name = top === undefined ? '' : top.isObject ? lastKey : '[]';
      top = { isObject: char === '{', keys: undefined, parent: top, name };
      expectKey = char === '{';
    } else if (char === '}' || char === ']') {
      top = top?.parent;
      expectKey = false;
    } else if (char === ',') {
      expectKey = top?.isObject === true;
    }
  }
  return undefined;
}

function pathOf(container: Container, key: string): string {
  const names = [key];
  for (let at: Container | undefined = container; at?.parent !== undefined; at = at.parent) names.push(at.name);
  return names.reverse().join('.');
}
