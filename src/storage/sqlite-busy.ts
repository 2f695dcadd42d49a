/**
 * SQLite with several processes on one file: an interactive transaction
 * starts deferred, so when another process wrote since it began reading, its
 * first write fails with SQLITE_BUSY at once (WAL's stale snapshot; waiting
 * cannot help). The transaction rolled back whole, so running it again is
 * safe. PostgreSQL errors are never retried here.
 */
const RETRIES = 5;

/** Whether an error is SQLite refusing the write lock (Prisma's P1008 with the driver's SQLITE_BUSY). */
export function isSqliteBusy(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as {
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } };
  };
  const cause = e.meta?.driverAdapterError?.cause;
  if (typeof cause?.originalCode === "string" && cause.originalCode.startsWith("SQLITE_BUSY")) return true;
  // Prisma does not always keep the driver's code: its message then ends with SQLite's own words.
  return typeof e.message === "string" && /database is locked|SQLITE_BUSY/.test(e.message);
}

/** Runs a whole transaction again (a few times, after a short random pause) while SQLite says busy. */
export async function retryWhileSqliteBusy<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= RETRIES || !isSqliteBusy(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}
