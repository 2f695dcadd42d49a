import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETENTION_POLICY,
  type RetentionClass,
  retentionExpiry,
  retentionExpiryByCalendar,
} from "../../src/core/retention/retention-policy.js";

const P = DEFAULT_RETENTION_POLICY;
const at = (iso: string) => new Date(iso);
const expiry = (iso: string, cls: RetentionClass) => retentionExpiry(at(iso), cls, P).toISOString();

describe("retention expiry: exact instants (pinned)", () => {
  it("across the spring daylight-saving change (Oslo, 29 March 2026 02:00 -> 03:00)", () => {
    // Winter time start, summer time end: same wall clock, one hour less in UTC.
    expect(expiry("2025-03-29T23:59:59.999Z", "bot_only")).toBe("2026-03-29T22:59:59.999Z");
    // 30 March 2025 00:30Z is 01:30 winter time; a year on, 30 March 2026 01:30 is summer time (changed on the 29th).
    expect(expiry("2025-03-30T00:30:00.000Z", "bot_only")).toBe("2026-03-29T23:30:00.000Z");
    // 29 March 2025 01:30Z is 02:30 winter time; 29 March 2026 02:30 does not exist, luxon moves it to 03:30 summer time.
    expect(expiry("2025-03-29T01:30:00.000Z", "bot_only")).toBe("2026-03-29T01:30:00.000Z");
    // 29 March 2025 00:59:59.999Z is 01:59:59.999 winter time, which exists a year on (still winter time).
    expect(expiry("2025-03-29T00:59:59.999Z", "bot_only")).toBe("2026-03-29T00:59:59.999Z");
    // 29 March 2025 02:00Z is 03:00 winter time -> 29 March 2026 03:00 summer time.
    expect(expiry("2025-03-29T02:00:00.000Z", "bot_only")).toBe("2026-03-29T01:00:00.000Z");
    // Summer time start -> winter time end, five years on.
    expect(expiry("2025-07-15T07:00:00.000Z", "human_involved")).toBe("2030-07-15T07:00:00.000Z");
    // Winter time to winter time: the same instant of day in UTC.
    expect(expiry("2025-10-27T07:00:00.000Z", "bot_only")).toBe("2026-10-27T07:00:00.000Z");
  });

  it("across the autumn daylight-saving change (Oslo, 25 October 2026 03:00 -> 02:00)", () => {
    // 25 October 2025 00:30Z is 02:30 summer time; 25 October 2026 02:30 happens twice, luxon takes summer time.
    expect(expiry("2025-10-25T00:30:00.000Z", "bot_only")).toBe("2026-10-25T00:30:00.000Z");
    // 25 October 2025 01:30Z is 03:30 summer time; 03:30 on 25 October 2026 is winter time.
    expect(expiry("2025-10-25T01:30:00.000Z", "bot_only")).toBe("2026-10-25T02:30:00.000Z");
    // 26 October 2025 01:30Z is the second 02:30 (winter time); 26 October 2026 02:30 is winter time.
    expect(expiry("2025-10-26T01:30:00.000Z", "bot_only")).toBe("2026-10-26T01:30:00.000Z");
    expect(expiry("2025-10-26T00:30:00.000Z", "bot_only")).toBe("2026-10-26T01:30:00.000Z");
  });

  it("across a leap day", () => {
    // 29 February 2024 12:00 winter time: one year on is 28 February 2025, five years on 28 February 2029.
    expect(expiry("2024-02-29T11:00:00.000Z", "bot_only")).toBe("2025-02-28T11:00:00.000Z");
    expect(expiry("2024-02-29T11:00:00.000Z", "human_involved")).toBe("2029-02-28T11:00:00.000Z");
    // 29 February 2024 23:30 Oslo is 22:30Z; clamped to 28 February 2025 23:30 Oslo.
    expect(expiry("2024-02-29T22:30:00.000Z", "bot_only")).toBe("2025-02-28T22:30:00.000Z");
    // 29 February 2024 23:30Z is already 1 March 00:30 in Oslo: a year on is 1 March 2025 00:30 Oslo.
    expect(expiry("2024-02-29T23:30:00.000Z", "bot_only")).toBe("2025-02-28T23:30:00.000Z");
    // 28 February 2027 into the leap year 2028: 28 February, not 29.
    expect(expiry("2027-02-28T11:00:00.000Z", "bot_only")).toBe("2028-02-28T11:00:00.000Z");
    // Five years from 29 February 2028 (leap) ends 28 February 2033; the same hour twice gives the same answer.
    expect(expiry("2028-02-29T11:15:00.000Z", "human_involved")).toBe("2033-02-28T11:15:00.000Z");
    expect(expiry("2028-02-29T11:15:00.000Z", "human_involved")).toBe("2033-02-28T11:15:00.000Z");
  });
});

describe("retention expiry: the per-hour cache gives exactly what the calendar gives", () => {
  const classes: RetentionClass[] = ["bot_only", "human_involved"];
  const months = (cls: RetentionClass) => (cls === "bot_only" ? P.botOnlyMonths : P.humanInvolvedMonths);

  it("every 7 minutes and at each hour's edges through the days around DST changes and leap days", () => {
    const days = ["2024-02-28", "2024-02-29", "2024-03-01", "2025-03-29", "2025-03-30", "2025-03-31"];
    days.push("2025-10-25", "2025-10-26", "2025-10-27", "2027-03-27", "2027-03-28", "2028-02-29", "2028-10-29");
    let compared = 0;
    for (const day of days) {
      const start = Date.parse(`${day}T00:00:00Z`) - 3 * 3_600_000;
      for (let t = start; t < start + 30 * 3_600_000; t += 7 * 60_000) {
        for (const probe of [t, Math.floor(t / 3_600_000) * 3_600_000, Math.floor(t / 3_600_000) * 3_600_000 - 1]) {
          for (const cls of classes) {
            const got = retentionExpiry(new Date(probe), cls, P).getTime();
            expect(got, `${new Date(probe).toISOString()} ${cls}`).toBe(
              retentionExpiryByCalendar(new Date(probe), months(cls)).getTime(),
            );
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it("at random instants from 1900 to 2100, in any window length", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1895, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: 1, max: 120 }),
        (t, m) => {
          const policy = { version: 1, botOnlyMonths: m, humanInvolvedMonths: m };
          expect(retentionExpiry(new Date(t), "bot_only", policy).getTime()).toBe(
            retentionExpiryByCalendar(new Date(t), m).getTime(),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});
