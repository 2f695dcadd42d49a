import os from "node:os";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { DateTime } from "luxon";
import { type ComplianceActor, cliActor } from "../core/retention/compliance-actor.js";
import { ComplianceError } from "../core/retention/compliance-error.js";
import { RETENTION_TIME_ZONE } from "../core/retention/retention-policy.js";
import { UsageError } from "./cli-context.js";

/** Flag parsing shared by the purge and compliance commands: unknown flags are usage errors (exit 2). */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  usage: string,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
}

/** `--actor NAME`, else the OS user: recorded as "cli:<name>". */
export function actorFrom(flag: string | undefined): ComplianceActor {
  const name = flag?.trim() || safeUsername();
  if (!/^[\w.@-]{1,100}$/.test(name)) throw new UsageError(`--actor must be a plain name (got "${name}")`);
  return cliActor(name);
}

function safeUsername(): string {
  try {
    return os.userInfo().username || "unknown";
  } catch {
    return process.env.USER ?? "unknown";
  }
}

/** An ISO 8601 time; without an offset it is read as Europe/Oslo local time. */
export function parseTime(value: string, flag: string): Date {
  const dt = DateTime.fromISO(value.trim(), { zone: RETENTION_TIME_ZONE, setZone: true });
  if (!dt.isValid)
    throw new UsageError(`${flag} must be an ISO 8601 time such as 2026-01-31T03:00:00Z (got "${value}")`);
  return dt.toJSDate();
}

export function parseMonths(value: string | undefined, flag: string): number {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number of months`);
  return Number(value);
}

/** Compliance errors a user can fix (unknown organisation, bad input) become usage errors. */
export async function asUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ComplianceError && err.code !== "conflict") throw new UsageError(err.message);
    throw err;
  }
}
