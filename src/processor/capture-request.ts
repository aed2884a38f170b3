// Parses a POST body into a CaptureRequest with every rule of SPEC §1 "Details": both key forms
// (the long one wins), strings or numbers, integer checks, the expiration and CPU-seconds bounds,
// the source URL rules and Kubernetes names for everything that becomes part of a path.

import * as v from 'valibot';
import {
  buildProfileUrl,
  parseProfileType,
  SourceUrlError,
  UnknownProfileTypeError,
  type ProfileType,
  type SecretReference,
} from '../fetch/index.js';
import { isDnsLabel, isDnsSubdomain } from '../store/index.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { checkSourceSpelling } from './source-spelling.js';
import { DEFAULT_EXPIRATION_SECONDS, MAX_CPU_SECONDS, MAX_EXPIRATION_SECONDS } from './processor-limits.js';
import { CONTEXT_KEYS, PARAMETER_KEYS, type KeyForms } from './request-keys.js';

export interface CaptureRequest {
  /** The source as sent, trimmed of whitespace and trailing slashes. */
  readonly source: string;
  /** What is fetched: the source plus `/debug/pprof/<name>` (and `?seconds=` for CPU). */
  readonly url: URL;
  readonly type: ProfileType;
  /** https only: a Secret named for an http source is a 400 (its token never travels in clear). */
  readonly secret?: SecretReference;
  readonly expirationSeconds: number;
  /** `Profile` only: the CPU profile's length as sent in `?seconds=`. */
  readonly cpuSeconds?: number;
  readonly diagnosis: { readonly namespace: string; readonly name: string; readonly uid?: string };
  /** Set when the request names a pod (`pod.name`). */
  readonly pod?: { readonly namespace: string; readonly name: string; readonly container: string };
  readonly node?: string;
}

export interface RequestDefaults {
  /** CPU profile length when the request gives none (`--default-cpu-seconds`). */
  readonly cpuSeconds: number;
}

/** A JSON object (valibot's record() would accept an array and copy it into an object). */
const BodySchema = v.custom<Readonly<Record<string, unknown>>>(
  (body) => typeof body === 'object' && body !== null && !Array.isArray(body),
);
/** JSON numbers become decimal strings: names and sources may come as either. */
const TextSchema = v.union([v.string(), v.pipe(v.number(), v.finite(), v.transform(String))]);
const IntegerSchema = v.union([
  v.pipe(v.number(), v.safeInteger()),
  v.pipe(v.string(), v.trim(), v.regex(/^[+-]?\d{1,15}$/), v.transform(Number)),
]);

/** Parses `body` (already JSON-decoded); throws InvalidRequestError naming the offending key. */
export function parseCaptureRequest(body: unknown, defaults: RequestDefaults): CaptureRequest {
  const parsed = v.safeParse(BodySchema, body);
  if (!parsed.success) throw new InvalidRequestError(undefined, `expected a JSON object, got ${describeJson(body)}`);
  const fields = new RequestFields(parsed.output);
  const type = typeOf(fields);
  const expirationSeconds = expirationSecondsOf(fields);
  const cpuSeconds = cpuSecondsOf(fields, type, defaults);
  const { source, url } = sourceOf(fields, type, cpuSeconds ?? defaults.cpuSeconds);
  const secret = secretOf(fields, url);
  const { diagnosis, pod, node } = contextOf(fields);
  return {
    source,
    url,
    type,
    ...(secret === undefined ? {} : { secret }),
    expirationSeconds,
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
    diagnosis,
    ...(pod === undefined ? {} : { pod }),
    ...(node === undefined ? {} : { node }),
  };
}

function typeOf(fields: RequestFields): ProfileType {
  const typeField = fields.text(PARAMETER_KEYS.type);
  if (typeField === undefined) throw new InvalidRequestError(PARAMETER_KEYS.type.long, 'missing (the profile type)');
  try {
    return parseProfileType(typeField.value);
  } catch (error) {
    if (!(error instanceof UnknownProfileTypeError)) throw error;
    throw new InvalidRequestError(typeField.key, error.message.replace(/^parse profile type: /, ''), { cause: error });
  }
}

/** Missing, empty or ≤ 0: the default; above 7 days refused (SPEC §1). */
function expirationSecondsOf(fields: RequestFields): number {
  const expiration = fields.integer(PARAMETER_KEYS.expirationSeconds);
  if (expiration === undefined || expiration.value <= 0) return DEFAULT_EXPIRATION_SECONDS;
  if (expiration.value > MAX_EXPIRATION_SECONDS) {
    throw new InvalidRequestError(expiration.key, `${expiration.value} is above ${MAX_EXPIRATION_SECONDS} (7 days)`);
  }
  return expiration.value;
}

/** Validated for every type (a malformed number is a bad request), used only for CPU profiles. */
function cpuSecondsOf(fields: RequestFields, type: ProfileType, defaults: RequestDefaults): number | undefined {
  const seconds = fields.integer(PARAMETER_KEYS.seconds);
  if (type !== 'Profile') return undefined;
  if (seconds !== undefined && seconds.value > MAX_CPU_SECONDS) {
    throw new InvalidRequestError(seconds.key, `${seconds.value} is above ${MAX_CPU_SECONDS}`);
  }
  return seconds !== undefined && seconds.value > 0 ? seconds.value : defaults.cpuSeconds;
}

function sourceOf(fields: RequestFields, type: ProfileType, cpuSeconds: number): { source: string; url: URL } {
  const sourceField = fields.text(PARAMETER_KEYS.source);
  if (sourceField === undefined) {
    throw new InvalidRequestError(
      PARAMETER_KEYS.source.long,
      "missing (the Go program's base URL, e.g. http://127.0.0.1:8090)",
    );
  }
  checkSourceSpelling(sourceField.value, sourceField.key);
  try {
    const url = buildProfileUrl(sourceField.value, type, cpuSeconds);
    return { source: sourceField.value.trim().replace(/\/+$/, ''), url };
  } catch (error) {
    if (!(error instanceof SourceUrlError)) throw error;
    throw new InvalidRequestError(sourceField.key, error.reason, { cause: error });
  }
}

/** The Secret: required for https, refused for http (its token never travels in clear, SPEC §5). */
function secretOf(fields: RequestFields, url: URL): SecretReference | undefined {
  const secretName = fields.text(PARAMETER_KEYS.secretName);
  const secretNamespace = fields.text(PARAMETER_KEYS.secretNamespace);
  if (secretName === undefined) {
    if (url.protocol !== 'https:') return undefined;
    throw new InvalidRequestError(
      PARAMETER_KEYS.secretName.long,
      'missing: an https source needs a Secret with "token" and "ca.crt"',
    );
  }
  requireName(secretName, isDnsSubdomain);
  if (secretNamespace !== undefined) requireName(secretNamespace, isDnsLabel);
  if (url.protocol !== 'https:') {
    throw new InvalidRequestError(
      secretName.key,
      `a Secret is only sent to an https source, and ${JSON.stringify(url.origin)} is http (drop the Secret or use https)`,
    );
  }
  return { namespace: secretNamespace?.value ?? 'default', name: secretName.value };
}

/** The executor's context keys, which become parts of file paths: Kubernetes names only. */
function contextOf(fields: RequestFields): Pick<CaptureRequest, 'diagnosis' | 'pod' | 'node'> {
  const context = (keys: readonly string[], isValid?: (value: string) => boolean) => {
    const field = fields.firstText(keys);
    if (field !== undefined && isValid !== undefined) requireName(field, isValid);
    return field?.value;
  };
  const diagnosisUid = context(CONTEXT_KEYS.diagnosisUid);
  const diagnosis = {
    namespace: context(CONTEXT_KEYS.diagnosisNamespace, isDnsLabel) ?? 'default',
    name: context(CONTEXT_KEYS.diagnosisName, isDnsSubdomain) ?? 'unknown',
    ...(diagnosisUid === undefined ? {} : { uid: diagnosisUid }),
  };
  const podNamespace = context(CONTEXT_KEYS.podNamespace, isDnsLabel);
  const podName = context(CONTEXT_KEYS.podName, isDnsSubdomain);
  const container = context(CONTEXT_KEYS.container, isDnsLabel);
  const node = context(CONTEXT_KEYS.node);
  return {
    diagnosis,
    ...(podName === undefined
      ? {}
      : { pod: { namespace: podNamespace ?? 'default', name: podName, container: container ?? '' } }),
    ...(node === undefined ? {} : { node }),
  };
}

interface Field<T> {
  /** The key as the client sent it. */
  readonly key: string;
  readonly value: T;
}

/** Looks keys up in both forms; a value that is absent, null or "" counts as not given. */
class RequestFields {
  constructor(private readonly body: Readonly<Record<string, unknown>>) {}

  text(forms: KeyForms): Field<string> | undefined {
    return this.#typed(this.#pick(forms), TextSchema, 'a string');
  }

  integer(forms: KeyForms): Field<number> | undefined {
    return this.#typed(this.#pick(forms), IntegerSchema, 'an integer (a JSON number or a decimal string)');
  }

  /** The first of several flat keys that is given (`diagnosis.name`, then `task.name`). */
  firstText(keys: readonly string[]): Field<string> | undefined {
    for (const key of keys) {
      const field = this.#typed(this.#given(key, this.body[key]), TextSchema, 'a string');
      if (field !== undefined) return field;
    }
    return undefined;
  }

  #typed<T>(
    field: Field<unknown> | undefined,
    schema: v.GenericSchema<unknown, T>,
    expected: string,
  ): Field<T> | undefined {
    if (field === undefined) return undefined;
    const result = v.safeParse(schema, field.value);
    if (!result.success) throw new InvalidRequestError(field.key, `${describeJson(field.value)} is not ${expected}`);
    return { key: field.key, value: result.output };
  }

  /** The long form when given, else the short form (SPEC: the long form wins). */
  #pick(forms: KeyForms): Field<unknown> | undefined {
    const long = this.#given(forms.long, this.body[forms.long]);
    if (long !== undefined) return long;
    let value: unknown = this.body;
    for (let depth = 0; depth < forms.short.length; depth++) {
      const part = forms.short[depth] as string;
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new InvalidRequestError(forms.short.slice(0, depth).join('.'), `${describeJson(value)} is not an object`);
      }
      value = (value as Record<string, unknown>)[part];
    }
    return this.#given(forms.short.join('.'), value);
  }

  #given(key: string, value: unknown): Field<unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && value.trim() === '') return undefined;
    return { key, value };
  }
}

function requireName(field: Field<string>, isValid: (value: string) => boolean): void {
  if (!isValid(field.value)) {
    const rule = isValid === isDnsLabel ? 'DNS-1123 label' : 'DNS-1123 subdomain';
    throw new InvalidRequestError(
      field.key,
      `${JSON.stringify(field.value)} is not a valid Kubernetes name (a ${rule}: lower-case letters, digits, "-"${rule.endsWith('subdomain') ? ', "."' : ''})`,
    );
  }
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
