// Builds a profile from collapsed ("folded") stacks, `main;a;b 30` per line, root first: the
// shortest way to write a synthetic profile in a test, and an import path for folded files.

import { ProfileBuilder, type ProfileHeader } from './profile-builder.js';
import { ProfileDecodeError } from './profile-errors.js';
import type { Profile } from './profile-model.js';

const DEFAULT_HEADER: ProfileHeader = { sampleTypes: [{ type: 'samples', unit: 'count' }] };

/**
 * Each non-empty line is `frame;frame;...;leaf V1 [V2 ...]`, one value per sample type of
 * `header` (default: one `samples/count`). Each distinct frame name becomes one function and one
 * location, so equal names are the same node at every granularity.
 */
export function profileFromCollapsed(text: string, header: ProfileHeader = DEFAULT_HEADER): Profile {
  const builder = new ProfileBuilder(header);
  const locationOf = new Map<string, number>();
  const width = header.sampleTypes.length;
  text.split('\n').forEach((rawLine, lineIndex) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    const values = parts.slice(parts.length - width).map(Number);
    const stackText = parts.slice(0, parts.length - width).join(' ');
    if (stackText === '' || values.some((value) => !Number.isInteger(value))) {
      throw new ProfileDecodeError(
        `collapsed stacks line ${lineIndex + 1}: expected "frame;frame;... ${width === 1 ? 'VALUE' : `${width} VALUES`}", got ${JSON.stringify(rawLine)}`,
      );
    }
    const stack = stackText
      .split(';')
      .reverse()
      .map((name) => {
        let location = locationOf.get(name);
        if (location === undefined) {
          location = builder.addLocation([{ function: builder.addFunction(name) }]);
          locationOf.set(name, location);
        }
        return location;
      });
    builder.addSample(stack, values);
  });
  return builder.build();
}
