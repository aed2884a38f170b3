// Loads the bundled browser client (dist/web/client/app.js and app.css, made by
// scripts/build-client.mjs) once per process, as is and gzipped; every viewer session serves the
// same bytes.

import { readFileSync } from 'node:fs';
import { constants, gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ViewerAssetsError } from './viewer-errors.js';

export interface ClientAsset {
  readonly body: Buffer;
  /** The body gzipped once per process (app.js: 96 KB → 32 KB), for browsers that accept it. */
  readonly gzipped: Buffer;
  readonly contentType: string;
}

/** `search-regexp.js`: the Go regexp engine, which app.js imports only where the page searches itself. */
export const CLIENT_ASSET_NAMES = ['app.js', 'app.css', 'app.js.map', 'app.css.map', 'search-regexp.js'] as const;
export type ClientAssetName = (typeof CLIENT_ASSET_NAMES)[number];

const CONTENT_TYPES: Readonly<Record<ClientAssetName, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'app.js.map': 'application/json; charset=utf-8',
  'app.css.map': 'application/json; charset=utf-8',
  'search-regexp.js': 'text/javascript; charset=utf-8',
};

// This module runs from dist/web (the compiled bin) or src/web (tests through tsx); both are two
// levels below the repository root, where the bundle is always written.
const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web/client');

const loaded = new Map<ClientAssetName, ClientAsset>();

export function loadClientAsset(name: ClientAssetName): ClientAsset {
  let asset = loaded.get(name);
  if (asset === undefined) {
    const file = path.join(CLIENT_DIR, name);
    try {
      const body = readFileSync(file);
      asset = {
        body,
        gzipped: gzipSync(body, { level: constants.Z_BEST_COMPRESSION }),
        contentType: CONTENT_TYPES[name],
      };
    } catch (error) {
      throw new ViewerAssetsError(name, { cause: error });
    }
    loaded.set(name, asset);
  }
  return asset;
}

/** Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((part) => {
    const [coding, ...parameters] = part.trim().toLowerCase().split(';');
    const refused = parameters.some((parameter) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(parameter));
    return (coding === 'gzip' || coding === '*') && !refused;
  });
}
