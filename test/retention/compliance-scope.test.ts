import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER } from "../support/test-database.js";

const PASSWORD = "korrekt-hest-batteri";

/**
 * Compliance staff bound to one organisation page through their own
 * organisation's audit trail and purge runs: the organisation is part of the
 * query, so a page is full as long as there is more of their own, however
 * much other organisations did since.
 */
describe("compliance lists scoped to the caller's organisation", () => {
  let app: App;
  let url: string;
  let cleanup: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const orgs: Record<string, string> = {};

  const get = async (route: string, token: string) => {
    const res = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, Array<Record<string, unknown>>>;
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
    app = await createApp(config, createLogger("silent"));
    url = `http://127.0.0.1:${await app.listen()}`;
    const { repos, services, db: database } = app.context;
    for (const slug of ["alpha-it", "beta-bank"]) orgs[slug] = (await repos.organisations.findBySlug(slug))?.id ?? "";
    for (const u of [
      { email: "alpha@example.no", role: "compliance", organisationSlug: "alpha-it" },
      { email: "admin@example.no", role: "admin" },
    ]) {
      await services.accounts.createUser({ ...u, password: PASSWORD });
      const r = await fetch(`${url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: u.email, password: PASSWORD }),
      });
      tokens[u.role] = ((await r.json()) as { token: string }).token;
    }
    // Alpha's few records are older than a page of Beta's.
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute));
    for (let i = 0; i < 4; i++) {
      await repos.audit.record({ action: "test.event", organisationId: orgs["alpha-it"], targetId: `a${i}` }, at(i));
    }
    for (let i = 0; i < 30; i++) {
      await repos.audit.record(
        { action: "test.event", organisationId: orgs["beta-bank"], targetId: `b${i}` },
        at(10 + i),
      );
    }
    const run = (slug: string, minute: number) =>
      database.prisma.purgeRun.create({
        data: {
          actor: "cli:test",
          startedAt: at(minute),
          finishedAt: at(minute),
          cutoff: at(minute),
          organisationSlug: slug,
          dryRun: true,
          policyVersions: {},
          status: "completed",
        },
      });
    for (let i = 0; i < 3; i++) await run("alpha-it", i);
    for (let i = 0; i < 12; i++) await run("beta-bank", 10 + i);
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it("fills a page of the audit trail with the caller's organisation's events", async () => {
    const page = await get("/api/compliance/audit?action=test.event&limit=3", tokens.compliance as string);
    expect(page.events?.map((e) => e.targetId)).toEqual(["a3", "a2", "a1"]);
    const all = await get("/api/compliance/audit?action=test.event&limit=10", tokens.compliance as string);
    expect(all.events?.map((e) => e.targetId)).toEqual(["a3", "a2", "a1", "a0"]);
    // Staff of every organisation get the newest of all.
    const admin = await get("/api/compliance/audit?action=test.event&limit=3", tokens.admin as string);
    expect(admin.events?.map((e) => e.targetId)).toEqual(["b29", "b28", "b27"]);
  });

  it("fills a page of purge runs with the caller's organisation's runs", async () => {
    const page = await get("/api/compliance/purge-runs?limit=2", tokens.compliance as string);
    expect(page.runs?.map((r) => r.organisation)).toEqual(["alpha-it", "alpha-it"]);
    expect((await get("/api/compliance/purge-runs?limit=10", tokens.compliance as string)).runs).toHaveLength(3);
    const admin = await get("/api/compliance/purge-runs?limit=2", tokens.admin as string);
    expect(admin.runs?.map((r) => r.organisation)).toEqual(["beta-bank", "beta-bank"]);
  });
});
