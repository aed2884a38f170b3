// Waits for a state another thread reaches (a worker starts a query, a layout begins), polling:
// no duration is asserted; the bound only ends a test whose state never comes, saying which.

const POLL_MS = 5;
/** Far beyond any busy machine's delay: reaching it means the state never comes. */
const GIVE_UP_MS = 5 * 60_000;

export async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > GIVE_UP_MS) throw new Error(`wait for ${what}: never happened`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
