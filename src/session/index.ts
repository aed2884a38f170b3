// The session layer's public surface: viewer lifetimes, their bounds, the clock they run on, and
// the slow-client limits every viewer's server shares with the processor's.

export { MAX_TIMER_MS, systemClock, type Clock, type TimerHandle } from './clock.js';
export { startPeriodicTask } from './periodic-task.js';
export {
  SessionBudgetError,
  SessionExpirationError,
  SessionLimitError,
  SessionsClosedError,
} from './session-errors.js';
export {
  SessionManager,
  type SessionInfo,
  type SessionManagerOptions,
  type SessionReservation,
  type SessionServer,
} from './session-manager.js';
export { SLOW_CLIENT_TIMEOUT_MS, slowClientServerOptions, type SlowClientServerOptions } from './slow-client.js';
