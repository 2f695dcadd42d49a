import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateReportData, type Tables } from "../../bench/reports.js";
import { reportBefore } from "../../bench/reports-baseline/daily-report-before.js";
import { ReportRepositoryBefore } from "../../bench/reports-baseline/report-store-before.js";
import type { Principal } from "../../src/core/accounts/roles.js";
import { type DailyReport, MAX_LISTED_QUESTIONS } from "../../src/core/reports/daily-report.js";
import { ReportService } from "../../src/core/reports/report-service.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { createRepositories } from "../../src/storage/repositories/index.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";

const skip = await shouldSkip(PRIMARY_PROVIDER);
/** 1 March 2026, 00:00 UTC: the period crosses the spring daylight-saving change (29 March). */
const FIRST = Date.UTC(2026, 2, 1);
const DAYS = 40;

/** Unanswered questions asked as often at the same instant may be listed in either order. */
function canonical(r: DailyReport): DailyReport {
  return {
    ...r,
    unanswered: {
      ...r.unanswered,
      questions: [...r.unanswered.questions].sort(
        (a, b) =>
          b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt) || a.question.localeCompare(b.question),
      ),
    },
  };
}

/**
 * The reports as they are now (covering indexes, their queries and
 * computation) give exactly the figures of the computation they replaced
 * (bench/reports-baseline/), on generated data: two organisations, 40 days
 * of 60 conversations a day. Some figures are also worked out from the
 * generated rows themselves. Runs on SQLite, and on PostgreSQL with
 * SKRANKE_TEST_DATABASE=postgresql.
 */
describe.skipIf(skip)("reports: same figures as before the covering indexes", { timeout: 180_000 }, () => {
  let db: Database;
  let cleanup: () => Promise<void>;
  let organisationId: string;
  let tables: Tables[];
  const supervisor = (): Principal => ({
    userId: "test",
    email: "test@example.no",
    displayName: "Test",
    role: "supervisor",
    organisationId,
    sessionId: "test",
  });

  beforeAll(async () => {
    const fresh = freshDatabaseConfig(PRIMARY_PROVIDER);
    cleanup = fresh.cleanup;
    ({ organisationId, tables } = await generateReportData(fresh.config, { perDay: 60, days: DAYS, others: 1 }, FIRST));
    db = await openDatabase(fresh.config, { migrate: false });
    await addEdgeCases();
  }, 180_000);

  /**
   * What the generator does not make, on conversations it made: a transfer
   * between agents (not a request for a person), a leave-a-message (the
   * chat was not the bot's alone), and an agent reply at the very instant of
   * the request (a first response of 0 s).
   */
  const edge = { transfer: "", offline: "", instant: "" };
  async function addEdgeCases() {
    const p = db.prisma;
    const own = tables.flatMap((t) => t.conversations).filter((c) => c[9] === "customer_request");
    const plain = tables.flatMap((t) => t.conversations).filter((c) => c[9] === null && c[5] !== null);
    edge.transfer = String(own[3]?.[0]);
    edge.offline = String(plain[5]?.[0]);
    edge.instant = String(own[7]?.[0]);
    const transferred = await p.handoffRequest.findFirstOrThrow({ where: { conversationId: edge.transfer } });
    await p.handoffRequest.create({
      data: {
        conversationId: edge.transfer,
        organisationId,
        status: "completed",
        reason: "transfer",
        requestedAt: new Date((transferred.assignedAt ?? transferred.requestedAt).getTime() + 1000),
        assignedAt: new Date((transferred.assignedAt ?? transferred.requestedAt).getTime() + 2000),
        endedAt: transferred.endedAt,
      },
    });
    await p.offlineMessage.create({
      data: { organisationId, conversationId: edge.offline, text: "Ring meg i morgen", email: "kari@example.no" },
    });
    const instant = await p.handoffRequest.findFirstOrThrow({ where: { conversationId: edge.instant } });
    await p.message.create({
      data: { conversationId: edge.instant, role: "agent", text: "Jeg er her.", createdAt: instant.requestedAt },
    });
  }
  afterAll(async () => {
    await db?.close();
    await cleanup?.();
  });

  const now = (from: string, to: string) =>
    new ReportService(createRepositories(db).reports).daily(supervisor(), { organisationId: null, from, to });
  const before = (from: string, to: string) => reportBefore(new ReportRepositoryBefore(db), organisationId, from, to);

  it("the whole period, a week across the clock change, one day and a period without data", async () => {
    for (const [from, to] of [
      ["2026-02-28", "2026-04-10"],
      ["2026-03-26", "2026-04-01"],
      ["2026-03-29", "2026-03-29"],
      ["2025-01-01", "2025-01-31"],
    ] as const) {
      const [a, b] = await Promise.all([now(from, to), before(from, to)]);
      expect(canonical(a)).toEqual(canonical(b));
    }
  });

  it("the figures worked out from the generated rows", async () => {
    const report = await now("2026-02-28", "2026-04-10");
    const all = {
      conversations: tables.flatMap((t) => t.conversations),
      messages: tables.flatMap((t) => t.messages),
      handoffs: tables.flatMap((t) => t.handoffs),
      feedback: tables.flatMap((t) => t.feedback),
    };
    // A conversation counts once the customer wrote (a fifth only opened the widget).
    const wrote = new Set(all.messages.filter((m) => m[2] === "customer").map((m) => m[1]));
    const started = all.conversations.filter((c) => wrote.has(c[0]));
    expect(report.total.conversations).toBe(started.length);
    expect(report.total.conversations).toBeGreaterThan(DAYS * 60 * 0.7);
    // The transfer is not a request for a person; the leave-a-message makes its chat not the bot's alone.
    expect(report.total.handoffs).toBe(all.handoffs.length);
    expect(report.total.botOnly).toBe(started.length - all.handoffs.length - 1);
    expect(report.total.firstResponse.count).toBeGreaterThan(0);
    expect(report.total.abandoned).toBe(all.handoffs.filter((h) => h[3] === "abandoned").length);
    expect(report.total.ratings.count).toBe(started.filter((c) => c[8] !== null).length);
    const ratings = started.flatMap((c) => (c[8] === null ? [] : [c[8] as number]));
    expect(report.total.ratings.average).toBeCloseTo(ratings.reduce((s, r) => s + r, 0) / ratings.length, 10);
    // Every fallback follows a customer question in the generated chats.
    expect(report.total.unanswered).toBe(all.messages.filter((m) => String(m[4]).includes('"fallback"')).length);
    expect(report.unanswered.questions.length).toBeLessThanOrEqual(MAX_LISTED_QUESTIONS);
    expect(report.unanswered.questions.map((q) => q.question)).toContain("Ring meg på [telefon]");
    expect(report.helpfulness.reduce((s, e) => s + e.helpful + e.notHelpful, 0)).toBe(all.feedback.length);
    // Completed handoffs: resolution from the request to the end, one value each.
    expect(report.total.resolution.count).toBe(all.handoffs.filter((h) => h[3] === "completed").length);
    // The days: 42 of them, summing to the total; the clock change day is a day like the others.
    expect(report.days).toHaveLength(42);
    expect(report.days.reduce((s, d) => s + d.conversations, 0)).toBe(report.total.conversations);
    expect(report.days.find((d) => d.date === "2026-03-29")?.conversations).toBeGreaterThan(0);
  });
});
