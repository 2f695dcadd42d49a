import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { createComplianceServices } from "../../src/core/retention/compliance-services.js";
import {
  DEFAULT_RETENTION_POLICY,
  isExpired,
  latestExpiredStart,
  retentionExpiry,
} from "../../src/core/retention/retention-policy.js";
import { recordAt } from "../support/conversation-core.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { actor, seedOrganisations } from "./retention-fixtures.js";

const oslo = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Oslo" }).toJSDate();
const P = DEFAULT_RETENTION_POLICY;

describe("retention windows (pure)", () => {
  it("keeps bot-only conversations 1 year and human ones 5 years from the last activity", () => {
    const last = oslo("2025-06-10T14:30:00");
    expect(retentionExpiry(last, "bot_only", P).toISOString()).toBe(oslo("2026-06-10T14:30:00").toISOString());
    expect(retentionExpiry(last, "human_involved", P).toISOString()).toBe(oslo("2030-06-10T14:30:00").toISOString());
  });

  it("is expired exactly at the expiry and not a millisecond before", () => {
    const expiry = retentionExpiry(oslo("2025-06-10T14:30:00"), "bot_only", P);
    expect(isExpired(expiry, expiry)).toBe(true);
    expect(isExpired(expiry, new Date(expiry.getTime() - 1))).toBe(false);
    expect(isExpired(expiry, new Date(expiry.getTime() + 1))).toBe(true);
  });

  it("ends a window that starts on 29 February on 28 February (leap day)", () => {
    const leap = oslo("2024-02-29T12:00:00");
    expect(retentionExpiry(leap, "bot_only", P).toISOString()).toBe(oslo("2025-02-28T12:00:00").toISOString());
    expect(retentionExpiry(leap, "human_involved", P).toISOString()).toBe(oslo("2029-02-28T12:00:00").toISOString());
    // Into a leap year: 28 Feb 2027 + 1 year = 28 Feb 2028 (not 29).
    expect(retentionExpiry(oslo("2027-02-28T12:00:00"), "bot_only", P).toISOString()).toBe(
      oslo("2028-02-28T12:00:00").toISOString(),
    );
  });

  it("keeps the wall-clock time across a daylight-saving change (calendar months, not 8760 hours)", () => {
    // Winter time (UTC+1) -> a year later the same local time; and summer time (UTC+2) -> winter.
    const winter = oslo("2025-01-15T09:00:00");
    expect(winter.toISOString()).toBe("2025-01-15T08:00:00.000Z");
    const summer = oslo("2025-07-15T09:00:00");
    expect(summer.toISOString()).toBe("2025-07-15T07:00:00.000Z");
    expect(retentionExpiry(summer, "bot_only", P).toISOString()).toBe("2026-07-15T07:00:00.000Z");
    // Activity on the night clocks go forward (30 March 2025, 02:00 -> 03:00).
    const springNight = new Date("2025-03-30T00:30:00Z"); // 01:30 winter time
    expect(retentionExpiry(springNight, "bot_only", P).toISOString()).toBe(oslo("2026-03-30T01:30:00").toISOString());
    // Activity in the repeated hour on the night clocks go back (26 October 2025, 02:30 twice).
    const firstHalf = new Date("2025-10-26T00:30:00Z"); // 02:30 summer time
    const secondHalf = new Date("2025-10-26T01:30:00Z"); // 02:30 winter time
    const e1 = retentionExpiry(firstHalf, "bot_only", P);
    const e2 = retentionExpiry(secondHalf, "bot_only", P);
    expect(e1.getTime()).toBeLessThanOrEqual(e2.getTime());
    expect(DateTime.fromJSDate(e1, { zone: "Europe/Oslo" }).toFormat("yyyy-MM-dd HH:mm")).toBe("2026-10-26 02:30");
  });
});

describe("stored retention class and expiry, and the purge at the boundaries", () => {
  let t: TestDatabase;
  let orgs: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    orgs = await seedOrganisations(t.repos);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("moves the expiry with new activity and switches to 5 years when a person joins, never back", async () => {
    const org = orgs["ror-ikt"] as string;
    const start = oslo("2025-03-01T10:00:00");
    const conv = await t.repos.conversations.create({ organisationId: org, channel: "widget" }, start);
    expect(conv.retentionClass).toBe("bot_only");
    expect(conv.retentionExpiresAt.toISOString()).toBe(oslo("2026-03-01T10:00:00").toISOString());

    const later = oslo("2025-04-02T11:00:00");
    await recordAt(t.repos, { conversationId: conv.id, role: "customer", text: "Hei" }, later);
    let row = await t.repos.conversations.findById(conv.id);
    expect(row?.retentionExpiresAt.toISOString()).toBe(oslo("2026-04-02T11:00:00").toISOString());
    expect(row?.lastActivityAt.toISOString()).toBe(later.toISOString());

    const agentAt = oslo("2025-04-02T11:05:00");
    await recordAt(t.repos, { conversationId: conv.id, role: "agent", text: "Hei, Kari her" }, agentAt);
    row = await t.repos.conversations.findById(conv.id);
    expect(row?.retentionClass).toBe("human_involved");
    expect(row?.retentionExpiresAt.toISOString()).toBe(oslo("2030-04-02T11:05:00").toISOString());

    const botAt = oslo("2025-04-03T08:00:00");
    await recordAt(t.repos, { conversationId: conv.id, role: "bot", text: "Noe mer?" }, botAt);
    row = await t.repos.conversations.findById(conv.id);
    expect(row?.retentionClass).toBe("human_involved");
    expect(row?.retentionExpiresAt.toISOString()).toBe(oslo("2030-04-03T08:00:00").toISOString());

    const other = await t.repos.conversations.create({ organisationId: org, channel: "widget" }, start);
    await recordAt(t.repos, { conversationId: other.id, role: "agent", text: "Hei, Kari her" }, later);
    const touched = await t.repos.conversations.findById(other.id);
    expect(touched?.retentionClass).toBe("human_involved");
    expect(touched?.retentionExpiresAt.toISOString()).toBe(oslo("2030-04-02T11:00:00").toISOString());
  });

  it("purges a conversation at its expiry, not a millisecond before (dry and real)", async () => {
    const org = orgs.fjellkommune as string;
    const leapDay = oslo("2024-02-29T23:59:59.999");
    const conv = await t.repos.conversations.create({ organisationId: org, channel: "widget" }, leapDay);
    const human = await t.repos.conversations.create({ organisationId: org, channel: "widget" }, leapDay);
    await recordAt(t.repos, { conversationId: human.id, role: "agent", text: "Hei, Kari her" }, leapDay);
    const expiry = retentionExpiry(leapDay, "bot_only", P);
    const s = createComplianceServices(t.repos, new FixedClock(new Date()), "server", { pauseMs: 0 });
    const run = (now: Date, dryRun: boolean) => s.purge.run({ dryRun, now, organisationSlug: "fjellkommune", actor });

    const before = new Date(expiry.getTime() - 1);
    expect((await run(before, true)).conversations).toBe(0);
    expect((await run(before, false)).conversations).toBe(0);
    expect(await t.repos.conversations.findById(conv.id)).not.toBeNull();

    const dry = await run(expiry, true);
    expect(dry.conversations).toBe(1);
    const real = await run(expiry, false);
    expect(real.conversations).toBe(1);
    expect(await t.repos.conversations.findById(conv.id)).toBeNull();

    // The human conversation from the same moment: 5 years, ending 28 Feb 2029 (no 29th).
    const humanExpiry = retentionExpiry(leapDay, "human_involved", P);
    expect(DateTime.fromJSDate(humanExpiry, { zone: "Europe/Oslo" }).toFormat("yyyy-MM-dd")).toBe("2029-02-28");
    expect((await run(new Date(humanExpiry.getTime() - 1), false)).conversations).toBe(0);
    expect((await run(humanExpiry, false)).conversations).toBe(1);
    expect(await t.repos.conversations.findById(human.id)).toBeNull();
  });
});

describe("the latest start whose window is over (records without a stored expiry)", () => {
  it("is exact to the millisecond for any moment and window, month ends and daylight-saving changes included", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T23:59:59Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 120 }),
        (now, botOnlyMonths, humanInvolvedMonths) => {
          const policy = { version: 2, botOnlyMonths, humanInvolvedMonths };
          for (const cls of ["bot_only", "human_involved"] as const) {
            const cut = latestExpiredStart(now, cls, policy);
            expect(isExpired(retentionExpiry(cut, cls, policy), now)).toBe(true);
            expect(isExpired(retentionExpiry(new Date(cut.getTime() + 1), cls, policy), now)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives 28 February for a leap-day start a year on", () => {
    const cut = latestExpiredStart(oslo("2025-02-28T12:00:00"), "bot_only", P);
    // Starts from 28 Feb 12:00 up to and including 29 Feb 12:00 (2024) have ended by then.
    expect(cut.toISOString()).toBe(oslo("2024-02-29T12:00:00").toISOString());
  });
});
