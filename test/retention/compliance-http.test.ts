import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { FixedClock } from "../../src/core/clock.js";
import { createLogger } from "../../src/observability/logger.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER } from "../support/test-database.js";
import { seedConversation, startForeignRun } from "./retention-fixtures.js";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked with matchers
type Json = Record<string, any>;

const PASSWORD = "korrekt-hest-batteri";
const YEAR = 365 * 86_400_000;

/** The compliance API through the real server: roles, purge, holds, data-subject requests, audit. */
describe("compliance HTTP API", () => {
  let app: App;
  let url: string;
  let cleanup: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const clock = new FixedClock(new Date());

  const call = async (method: string, route: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, json: json as Json, text, type: res.headers.get("content-type") };
  };

  beforeAll(async () => {
    const db = freshDatabaseConfig(PRIMARY_PROVIDER);
    cleanup = db.cleanup;
    const config = {
      ...loadConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "silent",
        SKRANKE_KNOWLEDGE_DIR: path.resolve("test/fixtures/knowledge-basic"),
      }),
      database: db.config,
    };
    app = await createApp(config, createLogger("silent"), { clock });
    url = `http://127.0.0.1:${await app.listen()}`;
    const accounts = app.context.services.accounts;
    const users = [
      { email: "agent@example.no", role: "agent", organisationSlug: "alpha-it" },
      { email: "leder@example.no", role: "supervisor", organisationSlug: "alpha-it" },
      { email: "personvern@example.no", role: "compliance" },
      { email: "admin@example.no", role: "admin" },
    ];
    for (const u of users) {
      await accounts.createUser({ ...u, password: PASSWORD });
      const r = await call("POST", "/api/auth/login", null, { email: u.email, password: PASSWORD });
      tokens[u.role] = r.json.token;
    }
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it("refuses agents and supervisors, lets compliance and admins in, and asks for a login otherwise", async () => {
    const routes: Array<[string, string, unknown?]> = [
      ["GET", "/api/compliance/policies"],
      ["POST", "/api/compliance/purge", { dryRun: true }],
      ["GET", "/api/compliance/holds"],
      ["POST", "/api/compliance/subjects/export", { email: "x@example.no" }],
      ["GET", "/api/compliance/analytics-export"],
      ["GET", "/api/compliance/audit"],
      ["GET", "/api/compliance/purge-runs"],
    ];
    for (const [method, route, body] of routes) {
      expect((await call(method, route, null, body)).status, `${route} without login`).toBe(401);
      expect((await call(method, route, tokens.agent ?? "", body)).status, `${route} as agent`).toBe(403);
      expect((await call(method, route, tokens.supervisor ?? "", body)).status, `${route} as supervisor`).toBe(403);
      expect((await call(method, route, tokens.compliance ?? "", body)).status, `${route} as compliance`).toBe(200);
      expect((await call(method, route, tokens.admin ?? "", body)).status, `${route} as admin`).toBe(200);
    }
  });

  it("runs a dry run and a real purge (202, then the run to follow) and records both", async () => {
    const repos = app.context.repos;
    const org = await repos.organisations.findBySlug("alpha-it");
    const old = await seedConversation(repos, org?.id ?? "", new Date(Date.now() - 2 * YEAR));
    const dry = await call("POST", "/api/compliance/purge", tokens.compliance ?? "", {
      dryRun: true,
      organisation: "alpha-it",
    });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, conversations: 1, messages: 2, organisation: "alpha-it" });
    const future = await call("POST", "/api/compliance/purge", tokens.compliance ?? "", {
      dryRun: false,
      now: new Date(Date.now() + 10 * YEAR).toISOString(),
    });
    expect(future.status).toBe(400);
    const unknown = await call("POST", "/api/compliance/purge", tokens.compliance ?? "", {
      dryRun: true,
      organisation: "nope",
    });
    expect(unknown.status).toBe(404);
    const real = await call("POST", "/api/compliance/purge", tokens.compliance ?? "", { dryRun: false });
    expect(real.status).toBe(202);
    const runView = async () =>
      (await call("GET", `/api/compliance/purge-runs/${real.json.runId}`, tokens.compliance ?? "")).json as Json;
    await expect.poll(async () => (await runView()).status).not.toBe("running");
    expect(await runView()).toMatchObject({ status: "completed", deletedConversations: 1, dryRun: false });
    expect(await repos.conversations.findById(old.id)).toBeNull();
    const audit = await call("GET", "/api/compliance/audit?action=retention.purge", tokens.compliance ?? "");
    const forRun = audit.json.events.filter((e: { targetId: string }) => e.targetId === real.json.runId);
    expect(forRun).toHaveLength(1);
    expect(forRun[0]).toMatchObject({
      actorRole: "compliance",
      details: { dryRun: false, outcome: "completed", conversations: 1 },
    });
  });

  it("asks a running purge to stop; staff of another organisation can neither see nor stop it", async () => {
    const purgeRuns = app.context.repos.compliance.purge;
    // A real run of alpha-it that some process is carrying out.
    const run = await startForeignRun(purgeRuns, { actor: "cli:drift", organisationSlug: "alpha-it" });
    const stop = `/api/compliance/purge-runs/${run.id}/stop`;
    expect((await call("POST", stop, null)).status).toBe(401);
    expect((await call("POST", stop, tokens.agent ?? "")).status).toBe(403);
    expect((await call("POST", stop, tokens.supervisor ?? "")).status).toBe(403);
    const accounts = app.context.services.accounts;
    await accounts.createUser({
      email: "personvern@beta.example.no",
      role: "compliance",
      organisationSlug: "beta-bank",
      password: PASSWORD,
    });
    const beta = (
      await call("POST", "/api/auth/login", null, { email: "personvern@beta.example.no", password: PASSWORD })
    ).json.token as string;
    expect((await call("GET", `/api/compliance/purge-runs/${run.id}`, beta)).status).toBe(404);
    expect((await call("POST", stop, beta)).status).toBe(404);
    expect((await purgeRuns.findRun(run.id))?.stopRequestedAt).toBeNull();

    const asked = await call("POST", stop, tokens.compliance ?? "");
    expect(asked.status).toBe(202);
    expect(asked.json).toEqual({ runId: run.id, status: "stopping" });
    const view = await call("GET", `/api/compliance/purge-runs/${run.id}`, tokens.compliance ?? "");
    expect(view.json).toMatchObject({ status: "running", stopRequestedAt: expect.any(String) });
    const audit = await call("GET", "/api/compliance/audit?action=retention.purge.stop_requested", tokens.admin ?? "");
    expect(audit.json.events).toEqual([
      expect.objectContaining({ targetId: run.id, actorRole: "compliance", action: "retention.purge.stop_requested" }),
    ]);

    await purgeRuns.markInterrupted(run.id, new Date(), "stopped");
    const again = await call("POST", stop, tokens.compliance ?? "");
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/is not running \(failed\)/);
    expect((await call("POST", "/api/compliance/purge-runs/no-such-run/stop", tokens.compliance ?? "")).status).toBe(
      404,
    );
  });

  it("places and releases holds with a reason, and serves data-subject exports as JSON and text", async () => {
    const repos = app.context.repos;
    const org = await repos.organisations.findBySlug("beta-bank");
    const conv = await seedConversation(repos, org?.id ?? "", new Date(), { texts: ["Hei, mitt kontonummer er feil"] });
    const noReason = await call("POST", "/api/compliance/holds", tokens.compliance ?? "", {
      conversationId: conv.id,
      reason: "",
    });
    expect(noReason.status).toBe(400);
    const placed = await call("POST", "/api/compliance/holds", tokens.compliance ?? "", {
      conversationId: conv.id,
      reason: "klage",
    });
    expect(placed.status).toBe(201);
    const listed = await call("GET", "/api/compliance/holds", tokens.compliance ?? "");
    expect(listed.json.holds.map((h: { id: string }) => h.id)).toContain(placed.json.id);
    const released = await call("POST", `/api/compliance/holds/${placed.json.id}/release`, tokens.compliance ?? "", {
      reason: "ferdig",
    });
    expect(released.json).toMatchObject({ active: false, releaseReason: "ferdig" });
    const again = await call("POST", `/api/compliance/holds/${placed.json.id}/release`, tokens.compliance ?? "", {
      reason: "igjen",
    });
    expect(again.status).toBe(409);

    const customer = await app.context.db.prisma.customer.create({ data: { organisationId: org?.id ?? "" } });
    await app.context.db.prisma.conversation.update({ where: { id: conv.id }, data: { customerId: customer.id } });
    const json = await call("POST", "/api/compliance/subjects/export", tokens.compliance ?? "", {
      customerId: customer.id,
    });
    expect(json.json.conversations[0].messages[0].text).toBe("Hei, mitt kontonummer er feil");
    const text = await call("POST", "/api/compliance/subjects/export", tokens.compliance ?? "", {
      customerId: customer.id,
      format: "text",
    });
    expect(text.type).toMatch(/^text\/plain/);
    expect(text.text).toContain("Kunde / Customer: Hei, mitt kontonummer er feil");
    const erased = await call("POST", "/api/compliance/subjects/erase", tokens.admin ?? "", {
      customerId: customer.id,
    });
    expect(erased.json.deleted.conversations).toHaveLength(1);
    const actions = (await call("GET", "/api/compliance/audit", tokens.compliance ?? "")).json.events.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["retention.hold.placed", "retention.hold.released", "subject.export", "subject.erasure"]),
    );
  });

  it("refuses a policy that keeps chats a person took part in for less time than bot-only chats", async () => {
    const before = await call("GET", "/api/compliance/policies", tokens.compliance ?? "");
    const versionOf = (body: Json) =>
      body.policies.find((p: { organisation: string }) => p.organisation === "alpha-it").policy.version;
    const refused = await call("PUT", "/api/compliance/policies/alpha-it", tokens.compliance ?? "", {
      botOnlyMonths: 24,
      humanInvolvedMonths: 12,
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe("invalid_input");
    expect(refused.json.error.message).toMatch(/humanInvolvedMonths \(12\) must be at least botOnlyMonths \(24\)/);
    const after = await call("GET", "/api/compliance/policies", tokens.compliance ?? "");
    expect(versionOf(after.json)).toBe(versionOf(before.json));
    // Equal windows are allowed.
    const equal = await call("PUT", "/api/compliance/policies/beta-bank", tokens.compliance ?? "", {
      botOnlyMonths: 24,
      humanInvolvedMonths: 24,
    });
    expect(equal.status).toBe(200);
  });

  it("changes a policy through PUT and validates it", async () => {
    const bad = await call("PUT", "/api/compliance/policies/alpha-it", tokens.compliance ?? "", {
      botOnlyMonths: 0,
      humanInvolvedMonths: 60,
    });
    expect(bad.status).toBe(400);
    const ok = await call("PUT", "/api/compliance/policies/alpha-it", tokens.compliance ?? "", {
      botOnlyMonths: 24,
      humanInvolvedMonths: 60,
    });
    expect(ok.status).toBe(200);
    expect(ok.json.policy).toMatchObject({ version: 2, botOnlyMonths: 24 });
    const list = await call("GET", "/api/compliance/policies", tokens.compliance ?? "");
    expect(list.json.policies.find((p: { organisation: string }) => p.organisation === "alpha-it").policy.version).toBe(
      2,
    );
  });
});
