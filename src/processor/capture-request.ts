// Parses a POST body into a CaptureRequest with every rule of SPEC §1 "Details": both key forms
// (the long one wins), strings or numbers, integer checks, the expiration and CPU-seconds bounds,
// the source URL rules and Kubernetes names for everything that becomes part of a path; without a
// source, a capture by pod reference through the API server's pod proxy (SPEC §6).

import * as v from 'valibot';
import {
  buildProfileUrl,
  hasDeltaProfile,
  parsePodPort,
  parseProfileType,
  PodPortError,
  PROFILE_TYPES,
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

/** A profile type, or `Bundle`: every profile of the target over one window (issue 10). */
export type CaptureType = ProfileType | 'Bundle';

/** What every capture request holds, whichever way the profile is reached. */
interface CaptureRequestFields {
  /**
   * The target as named: the source as sent, trimmed of whitespace and trailing slashes, or
   * `pod/NS/NAME` for a capture by pod reference (what "the same target" means for diffs).
   */
  readonly source: string;
  readonly type: CaptureType;
  readonly expirationSeconds: number;
  /** `Profile` only: the CPU profile's length as sent in `?seconds=`. */
  readonly cpuSeconds?: number;
  /** Heap, Allocs, Block, Mutex with `seconds` > 0: the delta profile's window (issue 10). */
  readonly deltaSeconds?: number;
  /** `Bundle` only: the window its CPU profile and deltas share (`seconds`, default the CPU default). */
  readonly bundleSeconds?: number;
  readonly diagnosis: { readonly namespace: string; readonly name: string; readonly uid?: string };
  /** Set when the request names a pod (`pod.name`). */
  readonly pod?: { readonly namespace: string; readonly name: string; readonly container: string };
  readonly node?: string;
}

/** A capture from a source URL (SPEC §1), checked against SPEC §5's policy. */
export interface SourceCaptureRequest extends CaptureRequestFields {
  /** What is fetched: the source plus `/debug/pprof/<name>` (and `?seconds=` for CPU). */
  readonly url: URL;
  /** https only: a Secret named for an http source is a 400 (its token never travels in clear). */
  readonly secret?: SecretReference;
  readonly podProxy?: undefined;
}

/** A capture by pod reference, through the API server's pod proxy with the processor's own access (SPEC §6). */
export interface PodCaptureRequest extends CaptureRequestFields {
  readonly pod: NonNullable<CaptureRequestFields['pod']>;
  readonly podProxy: {
    /** A port number or a container port name, as sent; absent: SPEC §6's search. */
    readonly port?: string;
    readonly scheme: 'http' | 'https';
  };
  readonly url?: undefined;
  readonly secret?: undefined;
}

export type CaptureRequest = SourceCaptureRequest | PodCaptureRequest;

/** A capture of one profile type (any request but a Bundle's). */
export type ProfileCaptureRequest = CaptureRequest & { readonly type: ProfileType };

/** Narrows a request to one profile type's; false for a Bundle. */
export function isProfileCaptureRequest(request: CaptureRequest): request is ProfileCaptureRequest {
  return request.type !== 'Bundle';
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
  const windows: CaptureWindows =
    type === 'Bundle' ? { bundleSeconds: bundleSecondsOf(fields, defaults) } : windowsOf(fields, type, defaults);
  const { diagnosis, pod, node } = contextOf(fields);
  const common = { type, expirationSeconds, ...windows, diagnosis, ...(node === undefined ? {} : { node }) };
  if (fields.text(PARAMETER_KEYS.source) === undefined && pod !== undefined) {
    return { ...common, ...podCaptureOf(fields, pod) };
  }
  refusePodKeys(fields);
  const { source, url } =
    type === 'Bundle'
      ? bundleSourceOf(fields, common.bundleSeconds!)
      : sourceOf(fields, type, common.cpuSeconds ?? defaults.cpuSeconds, common.deltaSeconds);
  const secret = secretOf(fields, url);
  return {
    ...common,
    source,
    url,
    ...(secret === undefined ? {} : { secret }),
    ...(pod === undefined ? {} : { pod }),
  };
}

/** What `seconds` became: a CPU profile's length, a delta's window, or a bundle's. */
type CaptureWindows = Pick<CaptureRequestFields, 'cpuSeconds' | 'deltaSeconds' | 'bundleSeconds'>;

/** A profile type's `seconds`: a CPU profile's length, or a delta's window. */
function windowsOf(fields: RequestFields, type: ProfileType, defaults: RequestDefaults): CaptureWindows {
  const cpuSeconds = cpuSecondsOf(fields, type, defaults);
  const deltaSeconds = deltaSecondsOf(fields, type);
  return {
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
    ...(deltaSeconds === undefined ? {} : { deltaSeconds }),
  };
}

/** `Bundle`: one window (`seconds`, default the CPU default, at most 600) for its CPU profile and deltas. */
function bundleSecondsOf(fields: RequestFields, defaults: RequestDefaults): number {
  const seconds = fields.integer(PARAMETER_KEYS.seconds);
  if (seconds !== undefined && seconds.value > MAX_CPU_SECONDS) {
    throw new InvalidRequestError(seconds.key, `${seconds.value} is above ${MAX_CPU_SECONDS}`);
  }
  return seconds !== undefined && seconds.value > 0 ? seconds.value : defaults.cpuSeconds;
}

/** A Bundle's source must be the program's base URL: every profile's path is appended to it. */
function bundleSourceOf(fields: RequestFields, seconds: number): { source: string; url: URL } {
  const notBase = (key: string, error: SourceUrlError) =>
    new InvalidRequestError(key, `a Bundle needs the program's base URL: ${error.reason}`, { cause: error });
  let found: { source: string; url: URL };
  try {
    found = sourceOf(fields, 'Profile', seconds, undefined);
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    const { cause } = error;
    if (!(cause instanceof SourceUrlError) || !cause.reason.startsWith('the path names')) throw error;
    throw notBase(error.key!, cause);
  }
  for (const type of PROFILE_TYPES) {
    try {
      buildProfileUrl(found.source, type, seconds, seconds);
    } catch (error) {
      if (!(error instanceof SourceUrlError)) throw error;
      throw notBase(fields.text(PARAMETER_KEYS.source)!.key, error);
    }
  }
  return found;
}

/** Without a source, the pod named by the executor's context keys, reached through the pod proxy. */
function podCaptureOf(
  fields: RequestFields,
  pod: NonNullable<CaptureRequestFields['pod']>,
): Pick<PodCaptureRequest, 'source' | 'pod' | 'podProxy'> {
  if (fields.firstText(CONTEXT_KEYS.podNamespace) === undefined) {
    throw new InvalidRequestError(
      CONTEXT_KEYS.podNamespace[0],
      'missing: a capture by pod reference (no source) needs pod.namespace and pod.name',
    );
  }
  for (const forms of [PARAMETER_KEYS.secretName, PARAMETER_KEYS.secretNamespace]) {
    const secret = fields.text(forms);
    if (secret !== undefined) {
      throw new InvalidRequestError(
        secret.key,
        'a capture by pod reference goes through the API server with its own access: no Secret is used (drop it, or name a source)',
      );
    }
  }
  const portField = fields.text(PARAMETER_KEYS.port);
  if (portField !== undefined) {
    try {
      parsePodPort(portField.value);
    } catch (error) {
      if (!(error instanceof PodPortError)) throw error;
      throw new InvalidRequestError(portField.key, error.reason, { cause: error });
    }
  }
  const schemeField = fields.text(PARAMETER_KEYS.scheme);
  const scheme = schemeField?.value.trim().toLowerCase() ?? 'http';
  if (scheme !== 'http' && scheme !== 'https') {
    throw new InvalidRequestError(schemeField!.key, `${JSON.stringify(schemeField!.value)} is not http or https`);
  }
  return {
    source: `pod/${pod.namespace}/${pod.name}`,
    pod,
    podProxy: { ...(portField === undefined ? {} : { port: portField.value.trim() }), scheme },
  };
}

/** `port` and `scheme` name a pod's port: with a source they would be silently ignored, so they are refused. */
function refusePodKeys(fields: RequestFields): void {
  for (const forms of [PARAMETER_KEYS.port, PARAMETER_KEYS.scheme]) {
    const field = fields.text(forms);
    if (field !== undefined) {
      throw new InvalidRequestError(
        field.key,
        'only for a capture by pod reference (pod.namespace and pod.name without a source); a source names its own port and scheme',
      );
    }
  }
}

function typeOf(fields: RequestFields): CaptureType {
  const typeField = fields.text(PARAMETER_KEYS.type);
  if (typeField === undefined) throw new InvalidRequestError(PARAMETER_KEYS.type.long, 'missing (the profile type)');
  if (typeField.value.trim().toLowerCase() === 'bundle') return 'Bundle';
  try {
    return parseProfileType(typeField.value);
  } catch (error) {
    if (!(error instanceof UnknownProfileTypeError)) throw error;
    const reason = error.message.replace(/^parse profile type: /, '');
    throw new InvalidRequestError(typeField.key, `${reason} or Bundle`, { cause: error });
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

/** Heap, Allocs, Block, Mutex: `seconds` > 0 asks for a delta of that window; missing or ≤ 0, a snapshot. */
function deltaSecondsOf(fields: RequestFields, type: ProfileType): number | undefined {
  const seconds = fields.integer(PARAMETER_KEYS.seconds);
  if (!hasDeltaProfile(type) || seconds === undefined || seconds.value <= 0) return undefined;
  if (seconds.value > MAX_CPU_SECONDS) {
    throw new InvalidRequestError(seconds.key, `${seconds.value} is above ${MAX_CPU_SECONDS}`);
  }
  return seconds.value;
}

function sourceOf(
  fields: RequestFields,
  type: ProfileType,
  cpuSeconds: number,
  deltaSeconds: number | undefined,
): { source: string; url: URL } {
  const sourceField = fields.text(PARAMETER_KEYS.source);
  if (sourceField === undefined) {
    throw new InvalidRequestError(
      PARAMETER_KEYS.source.long,
      "missing (the Go program's base URL, e.g. http://127.0.0.1:8090, or pod.namespace and pod.name to capture through the pod proxy)",
    );
  }
  checkSourceSpelling(sourceField.value, sourceField.key);
  try {
    const url = buildProfileUrl(sourceField.value, type, cpuSeconds, deltaSeconds);
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
