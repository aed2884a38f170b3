// The API's path and numeric bounds (SPEC §1), apart from the code so the CLI can name them in
// `--help` without loading the processor.

export const PROCESSOR_PATH = '/processor/goProfiler';
export const DEFAULT_EXPIRATION_SECONDS = 7200;
/** 7 days: far below Node's longest timer (2^31−1 ms ≈ 24.8 days). */
export const MAX_EXPIRATION_SECONDS = 604800;
export const DEFAULT_CPU_SECONDS = 30;
export const MAX_CPU_SECONDS = 600;
