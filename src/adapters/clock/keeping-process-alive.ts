/** Longest delay a Node timer takes: the hold below never fires. */
const NEVER_MS = 2 ** 31 - 1;

/**
 * `work`, with the process kept alive until it settles. A Clock's timers never keep the process alive (a
 * budget's timer must not hold a Lambda or a test run open), so code that has nothing else in flight while
 * it waits on one (a retry's back-off, a poll's pause) holds the process with this: otherwise Node would see
 * an empty event loop and exit in the middle of the wait.
 */
export function keepingProcessAlive<T>(work: Promise<T>): Promise<T> {
  const hold = setInterval(() => undefined, NEVER_MS);
  return work.finally(() => clearInterval(hold));
}
