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
  /** The keys seen so far; undefined for an array. */
  readonly keys: Set<string> | undefined;
  /** Dotted path of the container, for the error's key (`tls.secretReference`). */
  readonly path: string;
}

/**
 * The dotted path of the first key an object names twice. `text` is valid JSON (JSON.parse
 * accepted it), so a scan of strings and brackets suffices; iterative, for 100k-deep nesting.
 */
export function findDuplicateKey(text: string): string | undefined {
  const stack: Container[] = [];
  let expectKey = false;
  let lastKey = '';
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    const top = stack[stack.length - 1];
    if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey && top?.keys !== undefined) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (top.keys.has(key)) return joinPath(top.path, key);
        top.keys.add(key);
        lastKey = key;
        expectKey = false;
      }
      at = end;
    } else if (char === '{' || char === '[') {
      const path = top === undefined ? '' : top.keys === undefined ? `${top.path}[]` : joinPath(top.path, lastKey);
      stack.push({ keys: char === '{' ? new Set() : undefined, path });
      expectKey = char === '{';
    } else if (char === '}' || char === ']') {
      stack.pop();
      expectKey = false;
    } else if (char === ',') {
      expectKey = top?.keys !== undefined;
    }
  }
  return undefined;
}

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
