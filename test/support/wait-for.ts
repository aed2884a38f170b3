// Waits for a state another thread or process reaches (a worker starts a query, a port closes, a
// log line is written), polling. It has no time limit of its own: how long a busy machine takes is
// no fault, and a state that never comes is caught by the test runner's hang guard
// (scripts/run-tests.sh's --test-timeout). A wait that lasts says so once on stderr, naming the
// state, so that a hang is easy to place.

const POLL_MS = 5;
const SAY_STILL_WAITING_MS = 60_000;

/** Resolves once `condition` holds; `what` names the state (`the heavy query to start`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const stillWaiting = setTimeout(() => console.error(`# still waiting for ${what}`), SAY_STILL_WAITING_MS);
  stillWaiting.unref();
  try {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  } finally {
    clearTimeout(stillWaiting);
  }
}
