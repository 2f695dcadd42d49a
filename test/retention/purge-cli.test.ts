import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/storage/database.js";
import { createRepositories } from "../../src/storage/repositories/index.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER } from "../support/test-database.js";
import { seedConversation, seedOrganisations, startForeignRun } from "./retention-fixtures.js";

const ROOT = path.resolve(".");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** `npm run purge` and `npm run compliance` as a user runs them: flags, output, exit codes. */
describe("purge and compliance CLI", () => {
  const { config, cleanup } = freshDatabaseConfig(PRIMARY_PROVIDER);
  const env = { ...process.env, DATABASE_URL: config.url, LOG_LEVEL: "silent" };
  const run = (script: string, args: string[]) => {
    const r = spawnSync(TSX, [path.join(ROOT, "src/cli", script), ...args], { env, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeAll(async () => {
    const db = await openDatabase(config, { migrate: true });
    const repos = createRepositories(db);
    const orgs = await seedOrganisations(repos);
    for (let i = 0; i < 3; i++)
      await seedConversation(repos, orgs["ror-ikt"] as string, new Date(`2024-01-0${i + 1}T10:00:00Z`));
    await seedConversation(repos, orgs.fjellkommune as string, new Date("2024-06-01T10:00:00Z"), { human: true });
    await db.close();
  }, 60_000);
  afterAll(async () => {
    await cleanup();
  }, 120_000);

  it("rejects unknown flags, a bad --now and an unknown --org with exit 2", () => {
    const unknown = run("purge.ts", ["--dryrun"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown option '--dryrun'/);
    const badNow = run("purge.ts", ["--dry-run", "--now", "i morgen"]);
    expect(badNow.code).toBe(2);
    expect(badNow.err).toMatch(/--now must be an ISO 8601 time/);
    const badOrg = run("purge.ts", ["--dry-run", "--org", "nope"]);
    expect(badOrg.code).toBe(2);
    expect(badOrg.err).toMatch(/unknown organisation "nope"/);
  }, 120_000);

  it("prints a dry run as text and as one JSON object, then purges with the same numbers", () => {
    const text = run("purge.ts", ["--dry-run", "--now", "2025-12-01T00:00:00Z", "--actor", "ola"]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/DRY RUN/);
    expect(text.out).toMatch(/Would delete: 3 conversation\(s\), 6 message\(s\)/);
    const dry = run("purge.ts", ["--dry-run", "--now", "2025-12-01T00:00:00Z", "--json"]);
    const report = JSON.parse(dry.out);
    expect(report).toMatchObject({ dryRun: true, conversations: 3, messages: 6, status: "completed" });
    expect(report.actor).toMatch(/^cli:/);
    const real = run("purge.ts", ["--now", "2025-12-01T00:00:00Z", "--json", "--actor", "ola"]);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.out)).toMatchObject({ dryRun: false, conversations: 3, messages: 6, actor: "cli:ola" });
    const runs = run("compliance.ts", ["runs", "--json"]);
    expect(JSON.parse(runs.out).map((r: { actor: string }) => r.actor)).toContain("cli:ola");
  }, 120_000);

  it("manages holds and policies from the compliance command", () => {
    const bad = run("compliance.ts", ["hold", "place", "--reason", "x"]);
    expect(bad.code).toBe(2);
    const policy = run("compliance.ts", [
      "policy",
      "set",
      "--org",
      "fjellkommune",
      "--bot-only-months",
      "6",
      "--human-months",
      "24",
      "--json",
    ]);
    expect(policy.code).toBe(0);
    expect(JSON.parse(policy.out)).toMatchObject({ policy: { version: 2, humanInvolvedMonths: 24 }, recomputed: 1 });
    const shorter = run("compliance.ts", [
      "policy",
      "set",
      "--org",
      "fjellkommune",
      "--bot-only-months",
      "36",
      "--human-months",
      "24",
    ]);
    expect(shorter.code).toBe(2);
    expect(shorter.err).toMatch(/humanInvolvedMonths \(24\) must be at least botOnlyMonths \(36\)/);
    const list = run("compliance.ts", ["policy", "list"]);
    expect(list.out).toMatch(/fjellkommune: v2 bot-only 6 months, human 24 months/);
  }, 120_000);

  it("asks a running purge to stop from the compliance command, and says when there is nothing to stop", async () => {
    const db = await openDatabase(config, { migrate: false });
    try {
      const runs = createRepositories(db).compliance.purge;
      const running = await startForeignRun(runs);
      const stop = run("compliance.ts", ["runs", "stop", "--id", running.id, "--actor", "kari"]);
      expect(stop.code).toBe(0);
      expect(stop.out).toMatch(new RegExp(`purge run ${running.id}: asked to stop`));
      expect(await runs.findRun(running.id)).toMatchObject({ stopRequestedBy: "cli:kari" });
      await runs.markInterrupted(running.id, new Date(), "stopped");
      const again = run("compliance.ts", ["runs", "stop", "--id", running.id]);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/is not running/);
      expect(run("compliance.ts", ["runs", "stop"]).code).toBe(2);
    } finally {
      await db.close();
    }
  }, 120_000);
});
