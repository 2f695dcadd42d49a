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
  /** Inside an interactive or batch transaction. */
  inTransaction: boolean;
}

export type StatementObserver = (statement: ObservedStatement) => void;

interface SqlQuery {
  sql: string;
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
            observe({ kind: prop === "queryRaw" ? "query" : "execute", sql: query.sql, inTransaction });
            return call(query);
          };
        case "executeScript":
          return (script: string) => {
            observe({ kind: "script", sql: script, inTransaction });
            return call(script);
          };
        case "startTransaction":
          // The adapter sends its BEGIN itself (not through queryRaw/executeRaw).
          return async (...args: unknown[]) => {
            observe({ kind: "begin", sql: "BEGIN", inTransaction: true });
            return observed((await call(...args)) as object, observe, true);
          };
        default:
          return call;
      }
    },
  });
}
