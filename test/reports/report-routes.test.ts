import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DailyReport } from "../../src/core/reports/daily-report.js";
import { createStaff, freshDatabase, type Server, startServer } from "../handoff/support/harness.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";

const skip = await shouldSkip(PRIMARY_PROVIDER);

/**
 * GET /api/reports and /api/reports/csv on a real server and database
 * (SQLite, or PostgreSQL with SKRANKE_TEST_DATABASE=postgresql): the figures
 * of a small stored set worked by hand, who may read them, and what bad
 * parameters get.
 */
describe.skipIf(skip)("reports over HTTP", { timeout: 90_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  const tokens: Record<string, string> = {};

  const get = (path: string, token?: string) =>
    fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
    for (const [name, role, org] of [
      ["siri", "supervisor", "alpha"],
      ["kari", "agent", "alpha"],
      ["berit", "supervisor", "beta"],
      ["cora", "compliance", null],
      ["ada", "admin", null],
    ] as const) {
      tokens[name] = (await createStaff(server, { email: `${name}@example.no`, role, org })).token;
    }
    const prisma = server.app.context.db.prisma;
    const alpha = server.orgs.alpha.id;
    const agentId = (await prisma.user.findUniqueOrThrow({ where: { email: "kari@example.no" } })).id;
    const t = (iso: string) => new Date(iso);
    const conversation = async (
      org: string,
      startedAt: string,
      extra: { humanInvolved?: boolean; escalationReason?: string; satisfaction?: number; customerId?: string } = {},
    ) =>
      (
        await prisma.conversation.create({
          data: {
            organisationId: org,
            channel: "widget",
            startedAt: t(startedAt),
            lastActivityAt: t(startedAt),
            retentionExpiresAt: t("2030-01-01T00:00:00Z"),
            ...extra,
          },
        })
      ).id;
    const message = async (conversationId: string, role: string, at: string, text: string, metadata?: object) =>
      (
        await prisma.message.create({
          data: {
            conversationId,
            role: role as "customer",
            text,
            createdAt: t(at),
            ...(metadata ? { metadata } : {}),
            ...(role === "agent" ? { authorId: agentId } : {}),
          },
        })
      ).id;
    const welcome = { action: "welcome" };
    // 1 June (CEST): A, bot alone, rated 5, "helpful" on opening-hours.
    const a = await conversation(alpha, "2026-06-01T08:00:00Z", { satisfaction: 5 });
    await message(a, "bot", "2026-06-01T08:00:00Z", "Hei!", welcome);
    await message(a, "customer", "2026-06-01T08:00:10Z", "Når åpner dere?");
    const answer = await message(a, "bot", "2026-06-01T08:00:11Z", "Kl. 8.", {
      action: "answer",
      sources: ["opening-hours"],
    });
    await prisma.feedback.create({ data: { conversationId: a, messageId: answer, helpful: true } });
    // B: a fallback, then a person: reply after 120 s, closed after 600 s; rated 2. A transfer is not counted.
    const b = await conversation(alpha, "2026-06-01T09:00:00Z", {
      humanInvolved: true,
      escalationReason: "customer_request",
      satisfaction: 2,
    });
    await message(b, "customer", "2026-06-01T09:00:10Z", "Skriv til ola@example.no");
    await message(b, "bot", "2026-06-01T09:00:11Z", "Det vet jeg ikke.", { action: "fallback" });
    await message(b, "customer", "2026-06-01T09:00:50Z", "Kan jeg snakke med en person?");
    await prisma.handoffRequest.create({
      data: {
        conversationId: b,
        organisationId: alpha,
        reason: "customer_request",
        status: "completed",
        requestedAt: t("2026-06-01T09:01:00Z"),
        assignedAt: t("2026-06-01T09:02:00Z"),
        endedAt: t("2026-06-01T09:11:00Z"),
      },
    });
    await prisma.handoffRequest.create({
      data: {
        conversationId: b,
        organisationId: alpha,
        reason: "transfer",
        status: "abandoned",
        requestedAt: t("2026-06-01T09:05:00Z"),
      },
    });
    await message(b, "agent", "2026-06-01T09:03:00Z", "Hei, Kari her.");
    // C: opened the widget, never wrote: not a conversation.
    const c = await conversation(alpha, "2026-06-01T10:00:00Z");
    await message(c, "bot", "2026-06-01T10:00:00Z", "Hei!", welcome);
    // E: 23:30 on 1 June in Norway; left a message, so not the bot alone; "not helpful".
    const e = await conversation(alpha, "2026-06-01T21:30:00Z");
    await message(e, "customer", "2026-06-01T21:30:10Z", "Åpningstider?");
    const answerE = await message(e, "bot", "2026-06-01T21:30:11Z", "Kl. 8.", {
      action: "answer",
      sources: ["opening-hours"],
    });
    await prisma.feedback.create({ data: { conversationId: e, messageId: answerE, helpful: false } });
    await prisma.offlineMessage.create({ data: { organisationId: alpha, conversationId: e, text: "Ring meg" } });
    // 2 June: D, a customer who objected to analysis: counted, but their question is not listed.
    const objector = await prisma.customer.create({ data: { organisationId: alpha, analyticsOptOut: true } });
    const d = await conversation(alpha, "2026-06-02T07:00:00Z", {
      escalationReason: "repeated_fallback",
      customerId: objector.id,
    });
    await message(d, "customer", "2026-06-02T07:00:10Z", "Parkering ved 12345678901?");
    await message(d, "bot", "2026-06-02T07:00:11Z", "Det vet jeg ikke.", { action: "fallback" });
    await prisma.handoffRequest.create({
      data: {
        conversationId: d,
        organisationId: alpha,
        reason: "repeated_fallback",
        status: "abandoned",
        requestedAt: t("2026-06-02T07:02:00Z"),
        endedAt: t("2026-06-02T07:09:00Z"),
      },
    });
    // Outside: another organisation, and 23:00 on 31 May in Norway.
    const f = await conversation(server.orgs.beta.id, "2026-06-01T08:00:00Z");
    await message(f, "customer", "2026-06-01T08:00:10Z", "Hei");
    const g = await conversation(alpha, "2026-05-31T21:00:00Z");
    await message(g, "customer", "2026-05-31T21:00:10Z", "Hei");
  });

  afterAll(async () => {
    await server?.close();
    await cleanup?.();
  });

  const range = "from=2026-06-01&to=2026-06-02";

  it("computes the figures of the stored set", async () => {
    const res = await get(`/api/reports?${range}`, tokens.siri);
    expect(res.status).toBe(200);
    // The JSON body: the core's report with the organisation's name beside it.
    const r = (await res.json()) as DailyReport & { organisationName: string };
    expect(r.organisationName).toBe("Alpha Kundeservice");
    const [june1, june2] = r.days;
    expect(june1).toMatchObject({
      date: "2026-06-01",
      conversations: 3,
      botOnly: 1,
      handoffs: 1,
      abandoned: 0,
      firstResponse: { count: 1, median: 120, p90: 120 },
      resolution: { count: 1, median: 600, p90: 600 },
      ratings: { count: 2, average: 3.5, satisfied: 0.5 },
      unanswered: 1,
    });
    expect(june1?.containment).toBeCloseTo(1 / 3);
    expect(june2).toMatchObject({
      date: "2026-06-02",
      conversations: 1,
      botOnly: 0,
      handoffs: 1,
      abandoned: 1,
      firstResponse: { count: 0, median: null },
      unanswered: 0,
    });
    expect(r.helpfulness).toEqual([{ entryId: "opening-hours", helpful: 1, notHelpful: 1, share: 0.5 }]);
    expect(r.unanswered).toEqual({
      total: 1,
      questions: [{ question: "Skriv til [e-post]", count: 1, lastAskedAt: "2026-06-01T09:00:10.000Z" }],
    });
  });

  it("gives admins any organisation they name, and the CSV tables", async () => {
    const res = await get(`/api/reports?${range}&organisationId=${server.orgs.alpha.id}`, tokens.ada);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: { conversations: number } }).total.conversations).toBe(4);
    const csv = await get(`/api/reports/csv?${range}&table=days`, tokens.siri);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toBe(
      'attachment; filename="skranke-days-2026-06-01-2026-06-02.csv"',
    );
    const lines = (await csv.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[1]).toBe("2026-06-01,3,1,0.333,1,0,1,120,120,1,600,600,2,3.5,0.5,1");
    expect(lines[3]).toMatch(/^total,4,1,0.25,2,1,/);
    const questions = await (await get(`/api/reports/csv?${range}&table=questions`, tokens.siri)).text();
    expect(questions).toContain("Skriv til [e-post],1,2026-06-01T09:00:10.000Z");
    expect(questions).not.toContain("example.no");
  });

  it("refuses the unauthenticated, agents, compliance staff and other organisations", async () => {
    const status = async (path: string, token?: string) => {
      const res = await get(path, token);
      const body = (await res.json()) as { error?: { code: string } };
      return [res.status, body.error?.code];
    };
    expect(await status(`/api/reports?${range}`)).toEqual([401, "unauthenticated"]);
    expect(await status(`/api/reports?${range}`, tokens.kari)).toEqual([403, "forbidden"]);
    expect(await status(`/api/reports/csv?${range}`, tokens.kari)).toEqual([403, "forbidden"]);
    expect(await status(`/api/reports?${range}`, tokens.cora)).toEqual([403, "forbidden"]);
    expect(await status(`/api/reports?${range}&organisationId=${server.orgs.alpha.id}`, tokens.berit)).toEqual([
      403,
      "forbidden",
    ]);
    expect(await status(`/api/reports?${range}`, tokens.ada)).toEqual([400, "invalid_input"]);
    expect(await status(`/api/reports?${range}&organisationId=nope`, tokens.ada)).toEqual([404, "not_found"]);
  });

  it("answers bad parameters with invalid_input", async () => {
    for (const query of [
      "",
      "from=2026-06-01",
      "from=2026-02-30&to=2026-03-01",
      "from=01.06.2026&to=02.06.2026",
      "from=2026-06-02&to=2026-06-01",
      "from=2025-01-01&to=2026-01-02",
      `${range}&extra=1`,
      `${range}&from=2026-06-01`,
      `${range}&table=days`,
    ]) {
      const res = await get(`/api/reports?${query}`, tokens.siri);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
    }
    const csv = await get(`/api/reports/csv?${range}&table=secrets`, tokens.siri);
    expect(csv.status).toBe(400);
  });
});
