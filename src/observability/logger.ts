import pino, { type Logger } from "pino";

export type { Logger };

/** JSON logs on stdout (one object a line); quiet in tests unless LOG_LEVEL says otherwise. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "skranke" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ["req.headers.authorization", "req.headers.cookie", "password", "token"], remove: true },
    },
    destination,
  );
}
