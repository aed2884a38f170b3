// deploy/Dockerfile and .dockerignore, read as Docker reads them (there is no Docker here to build
// with): the package files before the sources so the dependency layer is cached, production
// dependencies only in the image, the process run as `node` with a data root it owns, and tests,
// test data and local builds kept out of the build context.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from './support/fixtures.js';
import { only, readManifests } from './support/manifests.js';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The Dockerfile's instructions in order: comments dropped, `\` continuations joined. */
function readDockerfile(): Instruction[] {
  const text = readFileSync(path.join(REPO_ROOT, 'deploy/Dockerfile'), 'utf8');
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The stages (each from its FROM), with their instructions. */
function stages(): Instruction[][] {
  const result: Instruction[][] = [];
  for (const instruction of readDockerfile()) {
    if (instruction.keyword === 'FROM') result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

function indexOf(stage: Instruction[], keyword: string, args: string | RegExp): number {
  const at = stage.findIndex(
    (i) => i.keyword === keyword && (typeof args === 'string' ? i.args === args : args.test(i.args)),
  );
  assert.notEqual(at, -1, `no ${keyword} ${String(args)}`);
  return at;
}

function dockerignore(): string[] {
  return readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

describe('deploy/Dockerfile', () => {
  it('builds on the official Node image in two stages', () => {
    assert.deepEqual(
      stages().map((stage) => stage[0]!.args),
      ['node:24-bookworm-slim AS build', 'node:24-bookworm-slim'],
    );
  });

  it('copies the package files and installs them before copying the sources, then builds', () => {
    const [build] = stages();
    const packages = indexOf(build!, 'COPY', 'package.json package-lock.json ./');
    const install = indexOf(build!, 'RUN', /^npm ci\b/);
    const sources = indexOf(build!, 'COPY', 'src ./src');
    const compile = indexOf(build!, 'RUN', 'npm run build');
    assert.deepEqual([packages < install, install < sources, sources < compile], [true, true, true]);
    // `prepare` (the build) cannot run before the sources are there.
    assert.match(build![install]!.args, /--ignore-scripts/);
  });

  it('installs production dependencies only in the image, beside the compiled dist/', () => {
    const [, image] = stages();
    const install = indexOf(image!, 'RUN', /^npm ci --omit=dev --ignore-scripts\b/);
    assert.ok(indexOf(image!, 'COPY', 'package.json package-lock.json ./') < install);
    indexOf(image!, 'COPY', '--from=build /app/dist ./dist');
    const copied = image!.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    assert.deepEqual(copied, ['package.json package-lock.json ./', 'LICENSE ./', '--from=build /app/dist ./dist']);
  });

  it('runs `go-profiler serve` as the `node` user, with a data root that user owns', () => {
    const [, image] = stages();
    const users = image!.filter((i) => i.keyword === 'USER').map((i) => i.args);
    assert.deepEqual(users, ['node']);
    const user = indexOf(image!, 'USER', 'node');
    const dataRoot = indexOf(image!, 'ENV', /^GO_PROFILER_DATA_ROOT=/);
    const directory = image![dataRoot]!.args.split('=')[1]!;
    const owned = indexOf(image!, 'RUN', `mkdir -p ${directory} && chown node:node ${directory}`);
    assert.ok(owned < user, 'created as root, before the USER switch');
    // The DaemonSet mounts the node's data directory at the same path.
    const daemonSet = only(readManifests('daemonset.yaml'), 'DaemonSet') as unknown as {
      spec: { template: { spec: { containers: { volumeMounts: { mountPath: string }[] }[] } } };
    };
    assert.equal(daemonSet.spec.template.spec.containers[0]!.volumeMounts[0]!.mountPath, directory);
    assert.equal(image!.at(-2)!.keyword, 'ENTRYPOINT');
    assert.deepEqual(JSON.parse(image!.at(-2)!.args), ['node', 'dist/cli/main.js']);
    assert.deepEqual(JSON.parse(image!.at(-1)!.args), ['serve']);
    const bin = (
      JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    ).bin;
    assert.equal(bin['go-profiler'], 'dist/cli/main.js');
  });

  it('copies only what exists in the build context and .dockerignore lets in', () => {
    const ignored = new Set(dockerignore());
    const fromContext = stages()
      .flat()
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(' ').slice(0, -1));
    assert.deepEqual(fromContext, [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'scripts/build-client.mjs',
      'src',
      'package.json',
      'package-lock.json',
      'LICENSE',
    ]);
    for (const source of fromContext) {
      assert.ok(existsSync(path.join(REPO_ROOT, source)), `${source} is not in the repository`);
      assert.ok(!ignored.has(source.split('/')[0]!), `${source} is ignored`);
    }
  });
});

describe('.dockerignore', () => {
  it('keeps tests, test data, local builds, captures and git out of the build context', () => {
    const entries = dockerignore();
    for (const entry of ['testdata', 'test', 'node_modules', 'dist', '.git', 'data', 'test-results']) {
      assert.ok(entries.includes(entry), `${entry} is not ignored`);
    }
  });
});
