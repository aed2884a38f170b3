// The errors layer's public surface: the base class of every typed error and the one status table.

export { GoProfilerError } from './go-profiler-error.js';
export { ERROR_STATUS, errorAnswerOf, type ErrorAnswer } from './error-status.js';
