// The processor layer's public surface (used by cli/ only).

export {
  DEFAULT_CPU_SECONDS,
  DEFAULT_EXPIRATION_SECONDS,
  MAX_CPU_SECONDS,
  MAX_EXPIRATION_SECONDS,
  PROCESSOR_PATH,
} from './processor-limits.js';
export { formatEndpointSentence } from './endpoint-sentence.js';
export { buildProcessorApp, type ProcessorAppOptions } from './processor-app.js';
export { createProcessorLogger } from './processor-logging.js';
export {
  AdvertiseAddressError,
  DataRootError,
  startProcessor,
  type ProcessorConfig,
  type RunningProcessor,
} from './processor-server.js';
