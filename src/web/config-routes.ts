// The Config menu's routes (pprof's /saveconfig and /deleteconfig, as JSON): `GET /api/configs`
// lists the saved configs, `POST /api/configs` saves `{"name", "query"}` (a config of the same
// name is replaced, as in pprof), `DELETE /api/configs/:name` deletes one. The configs live in a
// settings file shared by every viewer using it (store/settings-file.ts): a processor's viewers,
// one per namespace. A viewer listens on an open port, so the changing routes take only JSON from
// the viewer's own pages; and answers never name the file (SPEC §5: no path of the machine).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { QueryOptionError } from '../query/index.js';
import { InvalidSavedConfigError, type SettingsFile } from '../store/index.js';
import { canonicalConfigQuery } from './saved-config-query.js';
import type { SavedConfigListing } from './view-models.js';
import { CrossOriginRequestError, ViewerRequestError } from './viewer-errors.js';

/**
 * Refuses a request another site's page sent: browsers say where a request comes from in
 * Sec-Fetch-Site and Origin (tools like curl send neither, and are let through).
 */
function refuseCrossOrigin(request: FastifyRequest, operation: string): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new CrossOriginRequestError(operation, `Sec-Fetch-Site: ${site}`);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !isOriginOf(origin, request.headers.host ?? '')) {
    throw new CrossOriginRequestError(operation, `Origin: ${origin}`);
  }
}

/** True when `origin` is this server as the request addressed it (`Host`), default ports and all. */
function isOriginOf(origin: string, host: string): boolean {
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false; // `null` (a sandboxed page) and other non-URLs are no origin of ours
  }
}

/** The `{"name", "query"}` body, as typed values; the settings file checks their limits. */
function configOf(request: FastifyRequest): { name: string; query: string } {
  // A JSON content type cannot be sent by a plain HTML form, which needs no CORS preflight.
  if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
    throw new ViewerRequestError(
      'content-type',
      'save config',
      'the body must be JSON (content-type: application/json)',
    );
  }
  const body = request.body as { name?: unknown; query?: unknown } | null;
  if (typeof body?.name !== 'string') throw new InvalidSavedConfigError('name', 'must be a string');
  if (typeof body.query !== 'string') throw new InvalidSavedConfigError('query', 'must be a string');
  let query: string;
  try {
    query = canonicalConfigQuery(body.query.replace(/^\?/, ''));
  } catch (error) {
    if (!(error instanceof QueryOptionError)) throw error;
    throw new InvalidSavedConfigError('query', `is refused (${error.message})`);
  }
  return { name: body.name, query };
}

/** Registers the configs routes under `prefix` ('' or '/ui'); without a settings file, none can be saved. */
export function registerConfigRoutes(
  app: FastifyInstance,
  prefix: string,
  settings: SettingsFile | undefined,
  scope: string | undefined,
): void {
  const listing = (configs: SavedConfigListing['configs']): SavedConfigListing => ({
    configs,
    ...(scope === undefined ? {} : { scope }),
  });
  const settingsFile = (operation: string): SettingsFile => {
    if (settings === undefined) {
      throw new ViewerRequestError('name', operation, 'this viewer was started without a settings file');
    }
    return settings;
  };

  app.get(`${prefix}/api/configs`, async (): Promise<SavedConfigListing> => {
    if (settings === undefined) {
      return { configs: [], unavailable: 'This viewer was started without a settings file: configs cannot be saved.' };
    }
    return listing(await settings.list());
  });
  // Checked on arrival, before the body is read.
  const sameOrigin = (operation: string) => ({
    onRequest: async (request: FastifyRequest) => refuseCrossOrigin(request, operation),
  });
  app.post(`${prefix}/api/configs`, sameOrigin('save config'), async (request) =>
    listing(await settingsFile('save config').save(configOf(request))),
  );
  app.delete<{ Params: { name: string } }>(
    `${prefix}/api/configs/:name`,
    sameOrigin('delete config'),
    async (request) => listing(await settingsFile('delete config').remove(request.params.name)),
  );
}
