// A bundle session (issue 10): each profile's own viewer under `/profile/NAME/` (every view,
// parameter and export, on that profile alone), and `?profile=NAME` on any page of the root sent
// there, so a link naming the profile as a parameter opens it with the rest of its state.

import type { FastifyInstance } from 'fastify';
import type { QueryService } from './query-service.js';
import type { BundleSetModel } from './view-models.js';
import type { ViewerCapture } from './viewer-server.js';

/** One profile of a bundle with the service answering its queries. */
export interface BundleProfileService {
  readonly name: string;
  readonly capture: ViewerCapture;
  readonly service: QueryService;
}

/** Where a profile's own viewer lives under a session prefix ('' or '/ui'). */
export function bundlePrefix(prefix: string, name: string): string {
  return `${prefix}/profile/${name}`;
}

/** The profile set as a page learns it from `/api/profile`. */
export function bundleSetModel(profiles: readonly BundleProfileService[], current: string): BundleSetModel {
  return {
    names: profiles.map((profile) => profile.name),
    current,
    entries: profiles.map(({ name, capture }) => ({
      name,
      type: capture.type,
      ...(capture.window === undefined ? {} : { window: capture.window }),
    })),
  };
}

/** `GET /flamegraph?profile=heap&si=…` → `/profile/heap/flamegraph?si=…` (an unknown name: left to 404). */
export function redirectProfileParameter(app: FastifyInstance, profiles: readonly BundleProfileService[]): void {
  const names = new Set(profiles.map((profile) => profile.name));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const at = request.url.indexOf('?');
    if (at < 0) return;
    const path = request.url.slice(0, at);
    const params = new URLSearchParams(request.url.slice(at + 1));
    const name = params.get('profile');
    if (name === null || !names.has(name) || /\/(?:profile\/[^/]+|api|assets)(?:\/|$)/.test(path)) return;
    params.delete('profile');
    const ui = path.startsWith('/ui') ? '/ui' : '';
    const rest = path.slice(ui.length).replace(/^\//, '');
    const query = params.toString();
    await reply.redirect(`${bundlePrefix(ui, name)}/${rest}${query === '' ? '' : `?${query}`}`);
  });
}
