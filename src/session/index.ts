// The session layer's public surface: viewer lifetimes and the clock they run on.

export { MAX_TIMER_MS, systemClock, type Clock, type TimerHandle } from './clock.js';
export { startPeriodicTask } from './periodic-task.js';
export {
  SessionExpirationError,
  SessionManager,
  SessionsClosedError,
  type SessionInfo,
  type SessionManagerOptions,
  type SessionServer,
} from './session-manager.js';
