// The fetch layer's public surface.

export {
  DEFAULT_MAX_PROFILE_BYTES,
  fetchProfile,
  fetchProfileBytes,
  profileAnswerBody,
  profileFetchError,
} from './fetch-profile.js';
export type { FetchedProfile, FetchProfileOptions } from './fetch-profile.js';
export {
  FetchNetworkError,
  FetchRedirectError,
  FetchStatusError,
  FetchTimeoutError,
  FetchTooLargeError,
  NotAProfileError,
  describeBody,
} from './fetch-errors.js';
export { CpuProfileCutError, CpuProfilingInUseError, WriteTimeoutExceededError } from './target-refusals.js';
export { nodeHttpGet, type HttpGet, type HttpGetRequest, type HttpGetResponse } from './http-get.js';
export {
  DELTA_PROFILE_TYPES,
  PROFILE_TYPES,
  UnknownProfileTypeError,
  hasDeltaProfile,
  parseProfileType,
  profileEndpointName,
} from './profile-types.js';
export type { ProfileType } from './profile-types.js';
export { SourceUrlError, buildProfileUrl } from './profile-url.js';
export { SecretIncompleteError, SecretNotFoundError, SecretReadError, type SecretReference } from './secret-errors.js';
export { createKubernetesSecretReader, type SecretReader, type TlsCredentials } from './secret-reader.js';
export { SecretNotAllowedError, TargetNotAllowedError } from './policy-errors.js';
export { SourceRuleError, parseSourceRules } from './source-rules.js';
export {
  createTargetPolicy,
  interfaceAddresses,
  type ReservedPorts,
  type ResolvedAddress,
  type ResolveHost,
  type TargetPolicy,
  type TargetPolicyOptions,
} from './target-policy.js';
export { connectToKubernetes, type KubeAccess } from './kube-access.js';
export {
  KubeApiError,
  KubeForbiddenError,
  PodNotFoundError,
  PodPortError,
  PodUnreachableError,
  type PodReference,
} from './pod-errors.js';
export { DEFAULT_POD_PORT, DEFAULT_PORT_NAMES, parsePodPort, type PodPortSpec } from './pod-port.js';
export { PodNameError, checkPodReference } from './pod-reference.js';
export {
  fetchPodProfile,
  listPods,
  type FetchedPodProfile,
  type PodProfileRequest,
  type PodProfileTarget,
} from './pod-profile.js';
