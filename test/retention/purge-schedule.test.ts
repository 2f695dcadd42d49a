import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { createComplianceServices } from "../../src/core/retention/compliance-services.js";
import { nextDailyRun } from "../../src/core/retention/daily-schedule.js";
import { PurgeScheduler } from "../../src/core/retention/purge-scheduler.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { seedConversation, seedOrganisations } from "./retention-fixtures.js";

describe("daily purge time (Europe/Oslo)", () => {
  it("is the next time the Oslo clock shows the hour", () => {
    expect(nextDailyRun(new Date("2026-06-10T00:30:00Z"), 3).toISOString()).toBe("2026-06-10T01:00:00.000Z");
    expect(nextDailyRun(new Date("2026-06-10T01:00:00Z"), 3).toISOString()).toBe("2026-06-11T01:00:00.000Z");
    expect(nextDailyRun(new Date("2026-01-10T05:00:00Z"), 3).toISOString()).toBe("2026-01-11T02:00:00.000Z");
  });

  it("runs after the gap on the night clocks go forward and once on the night they go back", () => {
    // 29 March 2026: 02:00 does not exist in Oslo; the run is at 03:00 summer time.
    expect(nextDailyRun(new Date("2026-03-28T23:00:00Z"), 2).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    // 25 October 2026: 02:00 happens twice; the first one (summer time) is used, and not again that night.
    const first = nextDailyRun(new Date("2026-10-24T22:00:00Z"), 2);
    expect(first.toISOString()).toBe("2026-10-25T00:00:00.000Z");
    const next = nextDailyRun(new Date(first.getTime() + 1), 2);
    expect(next.toISOString()).toBe("2026-10-26T01:00:00.000Z");
  });
});

describe("scheduled purge across server processes", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const orgs = await seedOrganisations(t.repos);
    for (let i = 0; i < 12; i++)
      await seedConversation(t.repos, orgs["ror-ikt"] as string, new Date("2024-01-01T10:00:00Z"));
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("runs once a day even when two processes fire at the same moment", async () => {
    const clock = new FixedClock(new Date("2026-06-10T01:00:00Z"));
    const quiet = { info() {}, warn() {}, error() {} };
    const scheduler = (host: string) => {
      const s = createComplianceServices(t.repos, clock, "server", {
        pauseMs: 0,
        initialBatch: 2,
        minBatch: 2,
        maxBatch: 2,
      });
      return new PurgeScheduler(3, s.purge, s.policies, t.repos.compliance.purge, clock, quiet, host);
    };
    const [a, b] = await Promise.all([scheduler("server-a").tick(), scheduler("server-b").tick()]);
    const reports = [a, b].filter((r) => r !== null);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ status: "completed", conversations: 12 });
    expect(await scheduler("server-c").tick()).toBeNull(); // already ran today (Oslo date)
    const runs = await t.db.prisma.purgeRun.findMany({ where: { dryRun: false } });
    expect(runs).toHaveLength(1);
    expect(runs[0]?.actor).toMatch(/^scheduler:server-[ab]$/);
    clock.advance(24 * 3_600_000);
    expect(await scheduler("server-a").tick()).toMatchObject({ status: "completed", conversations: 0 });
  });
});
