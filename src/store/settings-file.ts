// The viewer's saved configs (pprof's Config menu) in one JSON settings file shared by every viewer
// of the process and by later processes: `{"version": 1, "configs": [{"name", "query"}]}`, where
// `query` holds the refine options as URL parameters (checked by web/, which knows them).
// Writes go through a temporary file and a rename, one at a time per file within the process, and
// a file that cannot be read or parsed is reported, never replaced.

import { GoProfilerError } from '../errors/index.js';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { fsReason } from './fs-reason.js';

export interface SavedConfig {
  readonly name: string;
  /** URL parameters without `?` (`f=main&h=runtime`). */
  readonly query: string;
}

/** Bounds on what a user can save, so a viewer on an open port cannot grow the file without end. */
export const SAVED_CONFIG_LIMITS = Object.freeze({ maxConfigs: 100, maxNameLength: 64, maxQueryBytes: 4096 });

/** The settings file cannot be read, parsed or written; the configs routes say so, the views keep working. */
export class SettingsFileError extends GoProfilerError {
  override readonly name = 'SettingsFileError';
  constructor(operation: string, file: string, reason: string, options?: { cause?: unknown }) {
    super(`${operation} ${file}`, reason, options);
  }
}

/** A config a user tried to save is not acceptable; `key` names the field (`name`, `query`). */
export class InvalidSavedConfigError extends GoProfilerError {
  override readonly name = 'InvalidSavedConfigError';
  constructor(
    readonly key: 'name' | 'query',
    reason: string,
  ) {
    super('save config', `${key} ${reason}`);
  }
}

export class SavedConfigNotFoundError extends GoProfilerError {
  override readonly name = 'SavedConfigNotFoundError';
  constructor(configName: string) {
    super(`delete config ${JSON.stringify(configName)}`, 'no config of that name is saved');
  }
}

/** Saving one more would pass SAVED_CONFIG_LIMITS.maxConfigs. */
export class SavedConfigsFullError extends GoProfilerError {
  override readonly name = 'SavedConfigsFullError';
  constructor(configName: string) {
    super(
      `save config ${JSON.stringify(configName)}`,
      `${SAVED_CONFIG_LIMITS.maxConfigs} configs are saved already; delete one first`,
    );
  }
}

/** `$XDG_CONFIG_HOME/go-profiler/settings.json`, else `~/.config/go-profiler/settings.json` (XDG's default). */
export function userSettingsFile(env: NodeJS.ProcessEnv, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME;
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = configHome !== undefined && path.isAbsolute(configHome) ? configHome : path.join(homeDir, '.config');
  return path.join(base, 'go-profiler', 'settings.json');
}

// Unknown fields are kept (looseObject), so a newer version's additions survive an older one's write.
const SETTINGS_SCHEMA = v.looseObject({
  version: v.optional(v.literal(1)),
  configs: v.optional(v.array(v.looseObject({ name: v.string(), query: v.string() })), []),
});
type Settings = v.InferOutput<typeof SETTINGS_SCHEMA>;

// C0, DEL and C1 controls: invisible in the menu and able to forge log lines.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Checks a config against SAVED_CONFIG_LIMITS (the query's parameters are web/'s to check). */
export function checkSavedConfig(config: SavedConfig): void {
  const { name, query } = config;
  if (name.trim() === '') throw new InvalidSavedConfigError('name', 'is empty');
  if ([...name].length > SAVED_CONFIG_LIMITS.maxNameLength) {
    throw new InvalidSavedConfigError('name', `is longer than ${SAVED_CONFIG_LIMITS.maxNameLength} characters`);
  }
  if (CONTROL_CHARACTERS.test(name)) throw new InvalidSavedConfigError('name', 'contains control characters');
  if (Buffer.byteLength(query) > SAVED_CONFIG_LIMITS.maxQueryBytes) {
    throw new InvalidSavedConfigError('query', `is longer than ${SAVED_CONFIG_LIMITS.maxQueryBytes} bytes`);
  }
}

/** Every read-modify-write of one file, in order: viewers of one process never lose each other's saves. */
const pendingByFile = new Map<string, Promise<unknown>>();

function serialized<T>(file: string, task: () => Promise<T>): Promise<T> {
  const previous = pendingByFile.get(file) ?? Promise.resolve();
  const result = previous.then(task, task);
  const settled = result.catch(() => undefined);
  pendingByFile.set(file, settled);
  // Forget the file once idle, so the map holds only files with work in flight.
  void settled.then(() => {
    if (pendingByFile.get(file) === settled) pendingByFile.delete(file);
  });
  return result;
}

/**
 * One settings file. Processes sharing it (two `go-profiler view`s) each write whole files, so a
 * save never leaves half a file, though the later of two simultaneous saves wins (as in pprof).
 */
export class SettingsFile {
  readonly file: string;

  constructor(file: string) {
    this.file = path.resolve(file);
  }

  async list(): Promise<SavedConfig[]> {
    return configsOf(await this.read());
  }

  /** Saves `config`, replacing the one of the same name in place (as pprof does); returns the list. */
  async save(config: SavedConfig): Promise<SavedConfig[]> {
    checkSavedConfig(config);
    return this.edit((configs) => {
      const index = configs.findIndex((c) => c.name === config.name);
      if (index >= 0) return configs.map((c, i) => (i === index ? { ...c, query: config.query } : c));
      if (configs.length >= SAVED_CONFIG_LIMITS.maxConfigs) throw new SavedConfigsFullError(config.name);
      return [...configs, { name: config.name, query: config.query }];
    });
  }

  /** Deletes the config named `name`; returns the list. */
  remove(name: string): Promise<SavedConfig[]> {
    return this.edit((configs) => {
      if (!configs.some((c) => c.name === name)) throw new SavedConfigNotFoundError(name);
      return configs.filter((c) => c.name !== name);
    });
  }

  private edit(change: (configs: Settings['configs']) => Settings['configs']): Promise<SavedConfig[]> {
    return serialized(this.file, async () => {
      const settings = await this.read();
      const next: Settings = { ...settings, version: 1, configs: change(settings.configs) };
      await this.write(next);
      return configsOf(next);
    });
  }

  /** The parsed file; a missing file is an empty one. */
  private async read(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return { version: 1, configs: [] };
      throw new SettingsFileError('read settings', this.file, fsReason(error), { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new SettingsFileError(
        'read settings',
        this.file,
        `not valid JSON (${(error as Error).message}); fix or remove the file`,
        { cause: error },
      );
    }
    // valibot's objects accept arrays; a settings file is a JSON object.
    const parsed = Array.isArray(json) ? undefined : v.safeParse(SETTINGS_SCHEMA, json);
    if (parsed === undefined) {
      throw new SettingsFileError(
        'read settings',
        this.file,
        'not a settings file (not a JSON object); fix or remove the file',
      );
    }
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const where = issue === undefined ? '' : v.getDotPath(issue);
      throw new SettingsFileError(
        'read settings',
        this.file,
        `not a settings file (${where === null || where === '' ? '' : `${where}: `}${issue?.message ?? 'invalid'}); fix or remove the file`,
      );
    }
    return parsed.output;
  }

  private async write(settings: Settings): Promise<void> {
    // A name of our own per write: another process writing at the same moment has its own.
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      // XDG asks for 0700 on the directories it creates, as pprof does.
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o644 });
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw new SettingsFileError('write settings', this.file, fsReason(error), { cause: error });
    }
  }
}

function configsOf(settings: Settings): SavedConfig[] {
  return settings.configs.map(({ name, query }) => ({ name, query }));
}
