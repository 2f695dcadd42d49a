import type { Logger } from "./logger.js";

/**
 * The last line of defence, not a fix: an error that escapes every handler is
 * written to the log as one JSON line (with its stack, so the cause can be
 * found and fixed where it happens) and the process exits with status 1, so
 * a supervisor (systemd, Docker, Kubernetes) restarts it in a known state.
 * Nothing is swallowed: carrying on after an unknown failure could
 * acknowledge messages that are never stored.
 */
export function installProcessGuards(logger: Logger, exit: (code: number) => void = process.exit): void {
  let failing = false;
  const fail = (kind: "uncaught exception" | "unhandled rejection", err: unknown) => {
    if (failing) return;
    failing = true;
    logger.fatal({ err, kind }, `${kind}: the process stops`);
    logger.flush(() => exit(1));
  };
  process.on("uncaughtException", (err) => fail("uncaught exception", err));
  process.on("unhandledRejection", (reason) => fail("unhandled rejection", reason));
}
