/**
 * SQLite has one connection (better-sqlite3's): a statement sent on it while
 * an interactive transaction is open runs inside that transaction, and is
 * rolled back with it. The gate takes turns on the connection: a transaction
 * holds it from BEGIN until its COMMIT or ROLLBACK, a plain statement (Prisma's
 * own outside a transaction, or a hot driver statement) for its run. Turns are
 * first come, first served. Statements sent through a transaction object do
 * not pass the gate (they are the holder's).
 */
export class ConnectionGate {
  #held = false;
  readonly #waiting: Array<() => void> = [];

  /** Whether a transaction or a statement has the connection, or is waiting for it. */
  get busy(): boolean {
    return this.#held || this.#waiting.length > 0;
  }

  /**
   * Waits for the connection and holds it until the returned release is
   * called (more calls do nothing). Gives up after `timeoutMs` (rejects with
   * SQLite's "database is locked" words, which the callers already treat as busy).
   */
  acquire(timeoutMs?: number): Promise<() => void> {
    if (!this.busy) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const turn = () => {
        clearTimeout(timer);
        resolve(this.#releaser());
      };
      this.#waiting.push(turn);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const index = this.#waiting.indexOf(turn);
          if (index < 0) return;
          this.#waiting.splice(index, 1);
          reject(new Error("database is locked: a transaction stayed open on the connection"));
        }, timeoutMs);
        timer.unref?.();
      }
    });
  }

  /**
   * Runs `statement` with the connection held: at once (synchronously) when
   * it is free, else after its turn came. A statement that returns a promise
   * holds the connection until that settles.
   */
  run<T>(statement: () => T | Promise<T>, timeoutMs?: number): T | Promise<T> {
    if (!this.busy) {
      this.#held = true;
      return this.#holding(statement, this.#releaser());
    }
    return this.acquire(timeoutMs).then((release) => this.#holding(statement, release));
  }

  #holding<T>(statement: () => T | Promise<T>, release: () => void): T | Promise<T> {
    let result: T | Promise<T>;
    try {
      result = statement();
    } catch (error) {
      release();
      throw error;
    }
    if (result instanceof Promise) return result.finally(release);
    release();
    return result;
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#held = false;
    };
  }
}

interface Queryable {
  queryRaw(query: unknown): Promise<unknown>;
  executeRaw(query: unknown): Promise<unknown>;
  executeScript?(script: string): Promise<void>;
  startTransaction?(...args: unknown[]): Promise<Transaction>;
}

interface Transaction {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * Wraps a connected SQLite driver adapter (what the adapter factory's
 * connect() returns) so that its statements and transactions take turns
 * through `gate`. The transaction it hands out is the adapter's own, with
 * commit and rollback also giving the connection back.
 */
export function gatedAdapter<A extends object>(adapter: A, gate: ConnectionGate, waitMs: number): A {
  return new Proxy(adapter, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const call = (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
      switch (prop) {
        case "queryRaw":
        case "executeRaw":
        case "executeScript":
          return (...args: unknown[]) => Promise.resolve(gate.run(() => call(...args), waitMs));
        case "startTransaction":
          // No timeout of ours: Prisma's maxWait gives up on a transaction that waits too long.
          return async (...args: unknown[]) => {
            const release = await gate.acquire();
            let transaction: Transaction;
            try {
              transaction = (await call(...args)) as Transaction;
            } catch (error) {
              release();
              throw error;
            }
            return releasing(transaction, release);
          };
        default:
          return call;
      }
    },
  }) as A & Queryable;
}

function releasing<T extends Transaction>(transaction: T, release: () => void): T {
  return new Proxy(transaction, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if ((prop !== "commit" && prop !== "rollback") || typeof value !== "function") {
        return typeof value === "function" ? value.bind(target) : value;
      }
      return async () => {
        try {
          return await (value as () => Promise<void>).call(target);
        } finally {
          release();
        }
      };
    },
  });
}
