import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountService } from "../../src/core/accounts/account-service.js";
import { systemClock } from "../../src/core/clock.js";
import { openDatabase } from "../../src/storage/database.js";
import { createRepositories } from "../../src/storage/repositories/index.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { freshDatabase } from "./support/harness.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const skip = await shouldSkip(PRIMARY_PROVIDER);

function run(args: string[], env: Record<string, string>, stdin = ""): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/user.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      out += String(d);
    });
    child.stdin.end(stdin);
    child.on("exit", (code) => resolve({ code: code ?? -1, out }));
  });
}

/** npm run user:add / user:disable / user:reset (src/cli/user.ts), password on stdin. */
describe.skipIf(skip)("the user command", () => {
  const db = freshDatabase();
  const env = { DATABASE_URL: db.config.url };
  let accounts: AccountService;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const database = await openDatabase(db.config, { migrate: true, poolSize: 2 });
    const repos = createRepositories(database);
    accounts = new AccountService(repos.users, repos.organisations, repos.audit, systemClock, 12);
    close = () => database.close();
  });
  afterAll(async () => {
    await close?.();
    await db.cleanup();
  });

  it("adds an agent to an organisation of the knowledge base, password from stdin", async () => {
    const r = await run(
      ["add", "--email", "kari@ror-ikt.no", "--role", "agent", "--org", "ror-ikt", "--name", "Kari N"],
      env,
      "et-langt-passord-1\n",
    );
    expect(r.out).toContain("created agent kari@ror-ikt.no (Kari N) in ror-ikt");
    expect(r.code).toBe(0);
    const { principal } = await accounts.login("kari@ror-ikt.no", "et-langt-passord-1");
    expect(principal).toMatchObject({ role: "agent", displayName: "Kari N" });
    expect(principal.organisationId).not.toBeNull();
  }, 60_000);

  it("explains usage errors with exit code 2", async () => {
    const unknownOrg = await run(
      ["add", "--email", "x@y.no", "--role", "agent", "--org", "nope"],
      env,
      "et-langt-passord-1\n",
    );
    expect(unknownOrg.code).toBe(2);
    expect(unknownOrg.out).toContain('unknown organisation "nope"');
    const badRole = await run(
      ["add", "--email", "x@y.no", "--role", "boss", "--org", "ror-ikt"],
      env,
      "et-langt-passord-1\n",
    );
    expect(badRole.code).toBe(2);
    expect(badRole.out).toMatch(/role must be/);
  }, 60_000);

  it("disables and re-enables an account, and resets a password", async () => {
    expect((await run(["disable", "--email", "kari@ror-ikt.no"], env)).code).toBe(0);
    await expect(accounts.login("kari@ror-ikt.no", "et-langt-passord-1")).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    expect((await run(["disable", "--email", "kari@ror-ikt.no", "--enable"], env)).code).toBe(0);
    const reset = await run(["reset", "--email", "kari@ror-ikt.no"], env, "et-nytt-passord-2\n");
    expect(reset.code).toBe(0);
    await expect(accounts.login("kari@ror-ikt.no", "et-langt-passord-1")).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    expect((await accounts.login("kari@ror-ikt.no", "et-nytt-passord-2")).principal.email).toBe("kari@ror-ikt.no");
  }, 60_000);
});
