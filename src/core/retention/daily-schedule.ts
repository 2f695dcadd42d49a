import { DateTime } from "luxon";
import { RETENTION_TIME_ZONE } from "./retention-policy.js";

/**
 * The next time the clock in Europe/Oslo shows `hour`:00 after `after`. On
 * the spring-forward day an hour that does not exist (02:00) runs at the
 * first moment after the gap (03:00); on the fall-back day the first 02:00.
 */
export function nextDailyRun(after: Date, hour: number, zone = RETENTION_TIME_ZONE): Date {
  const local = DateTime.fromJSDate(after, { zone });
  for (let days = 0; days < 3; days++) {
    const day = local.plus({ days }).startOf("day");
    const at = day.set({ hour, minute: 0, second: 0, millisecond: 0 });
    if (at.toMillis() > after.getTime()) return at.toJSDate();
  }
  throw new Error("unreachable: a day always has the hour");
}

/** The start of the Europe/Oslo calendar day that contains `at`. */
export function startOfLocalDay(at: Date, zone = RETENTION_TIME_ZONE): Date {
  return DateTime.fromJSDate(at, { zone }).startOf("day").toJSDate();
}
