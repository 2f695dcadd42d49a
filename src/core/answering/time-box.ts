/** Thrown when a time-boxed call did not settle within its deadline. */
export class DeadlineExceeded extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = "DeadlineExceeded";
  }
}

/**
 * Waits for `promise` at most `ms` milliseconds; when time is up, aborts `controller` (so the
 * call can stop its I/O) and rejects with {@link DeadlineExceeded}, even if the call ignores it.
 */
export async function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  controller: AbortController,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new DeadlineExceeded(what, ms));
      reject(new DeadlineExceeded(what, ms));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
