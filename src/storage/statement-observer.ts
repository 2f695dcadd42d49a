/**
 * Watches every SQL statement Prisma sends through a driver adapter: the
 * queries and writes of the client, of its transactions (with their BEGIN
 * and COMMIT) and of raw SQL. For tests and benchmarks that count what an
 * operation costs; the server runs without it.
 */
export type StatementKind = "query" | "execute" | "script" | "begin";

export interface ObservedStatement {
  kind: StatementKind;
  sql: string;
  /** The bound values (empty for BEGIN and scripts). */
  args: readonly unknown[];
  /** Inside an interactive or batch transaction. */
  inTransaction: boolean;
  /** Sent straight through the driver (Database.sql), not through Prisma. */
  driver?: true;
}

export type StatementObserver = (statement: ObservedStatement) => void;

interface SqlQuery {
  sql: string;
  args?: unknown[];
}

/** Wraps a driver adapter factory so that every adapter it connects reports its statements. */
export function observeStatements<F extends object>(factory: F, observe: StatementObserver): F {
  return new Proxy(factory, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== "connect" || typeof value !== "function") return value;
      return async (...args: unknown[]) =>
        observed(await (value as (...a: unknown[]) => Promise<object>).apply(target, args), observe, false);
    },
  });
}

function observed<T extends object>(queryable: T, observe: StatementObserver, inTransaction: boolean): T {
  return new Proxy(queryable, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const call = (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
      switch (prop) {
        case "queryRaw":
        case "executeRaw":
          return (query: SqlQuery) => {
            observe({
              kind: prop === "queryRaw" ? "query" : "execute",
              sql: query.sql,
              args: query.args ?? [],
              inTransaction,
            });
            return call(query);
          };
        case "executeScript":
          return (script: string) => {
            observe({ kind: "script", sql: script, args: [], inTransaction });
            return call(script);
          };
        case "startTransaction":
          // The adapter sends its BEGIN itself (not through queryRaw/executeRaw).
          return async (...args: unknown[]) => {
            observe({ kind: "begin", sql: "BEGIN", args: [], inTransaction: true });
            return observed((await call(...args)) as object, observe, true);
          };
        default:
          return call;
      }
    },
  });
}

/** Told every SQL statement the database refused or did not answer. */
export type StatementFailureObserver = (failure: { kind: StatementFailureKind; error: unknown }) => void;

/** "constraint": the database refused a write by a rule (unique key, foreign key); "other": anything else. */
export type StatementFailureKind = "constraint" | "other";

const FAILING_CALLS = new Set(["queryRaw", "executeRaw", "executeScript", "startTransaction", "commit", "rollback"]);

/** Wraps a driver adapter factory so that every failed statement of every adapter it connects is reported. */
export function observeStatementFailures<F extends object>(factory: F, onFailure: StatementFailureObserver): F {
  const watch = <T extends object>(queryable: T): T =>
    new Proxy(queryable, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (prop !== "connect" && (typeof prop !== "string" || !FAILING_CALLS.has(prop))) return value.bind(target);
        return async (...args: unknown[]) => {
          try {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            return prop === "connect" || prop === "startTransaction" ? watch(result as object) : result;
          } catch (error) {
            onFailure({ kind: failureKind(error), error });
            throw error;
          }
        };
      },
    });
  return new Proxy(factory, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== "connect" || typeof value !== "function") return value;
      return async (...args: unknown[]) =>
        watch(await (value as (...a: unknown[]) => Promise<object>).apply(target, args));
    },
  });
}

/** PostgreSQL class 23 (integrity constraint violation) and SQLite's SQLITE_CONSTRAINT* codes. */
export function failureKind(error: unknown): StatementFailureKind {
  const e = error as { code?: unknown; cause?: { code?: unknown; originalCode?: unknown } } | null;
  const codes = [e?.code, e?.cause?.code, e?.cause?.originalCode].filter((c): c is string => typeof c === "string");
  return codes.some((c) => /^23\d{3}$/.test(c) || c.startsWith("SQLITE_CONSTRAINT")) ? "constraint" : "other";
}
