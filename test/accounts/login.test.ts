import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AccountError, AccountService, LOGIN_REFUSED } from "../../src/core/accounts/account-service.js";
import { MemoryLoginLockout } from "../../src/core/accounts/login-lockout.js";
import * as passwords from "../../src/core/accounts/passwords.js";
import { FixedClock } from "../../src/core/clock.js";
import { createTestDatabase, PRIMARY_PROVIDER, shouldSkip, type TestDatabase } from "../support/test-database.js";

// Counts password checks: every login attempt, refused or not, must run one.
vi.mock("../../src/core/accounts/passwords.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/core/accounts/passwords.js")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const PASSWORD = "korrekt-hest-batteri";

/** AccountService.login: one answer for every refusal, one password check per attempt, lockout per account and address. */
describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("staff login rules", { timeout: 60_000 }, () => {
  let t: TestDatabase;
  let accounts: AccountService;
  const clock = new FixedClock(new Date("2026-11-23T09:00:00Z"));

  beforeEach(async () => {
    t = await createTestDatabase();
    await t.repos.organisations.sync([{ slug: "alpha", name: "Alpha", defaultLanguage: "nb", privacyUrl: null }]);
    accounts = new AccountService(t.repos.users, t.repos.organisations, t.repos.audit, clock, 12, {
      lockout: new MemoryLoginLockout(clock, { failures: 3, minutes: 15 }),
    });
    for (const email of ["kari@alpha.no", "per@alpha.no", "lise@alpha.no"]) {
      await accounts.createUser({ email, role: "agent", organisationSlug: "alpha", password: PASSWORD });
    }
    await accounts.setDisabled("per@alpha.no", true, "test");
    vi.mocked(passwords.verifyPassword).mockClear();
  });
  afterEach(async () => {
    await t.destroy();
  });

  /** The refusal, and how many password checks the attempt ran. */
  async function refusal(email: string, password: string, address = "192.0.2.1") {
    vi.mocked(passwords.verifyPassword).mockClear();
    let error: unknown;
    try {
      await accounts.login(email, password, address);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AccountError);
    const e = error as AccountError;
    return { code: e.code, message: e.message, checks: vi.mocked(passwords.verifyPassword).mock.calls.length };
  }

  it("refuses unknown, disabled and locked accounts alike, each after a full password check", async () => {
    for (let i = 0; i < 3; i++) await refusal("lise@alpha.no", `feil-${i}-passord`);
    const expected = { code: "invalid_credentials", message: LOGIN_REFUSED, checks: 1 };
    expect(await refusal("kari@alpha.no", "feil-passord-0")).toEqual(expected);
    expect(await refusal("ingen@alpha.no", PASSWORD)).toEqual(expected);
    expect(await refusal("per@alpha.no", PASSWORD)).toEqual(expected);
    expect(await refusal("lise@alpha.no", PASSWORD)).toEqual(expected);
  });

  it("pauses one account from one address, and lets it in again after the lockout", async () => {
    for (let i = 0; i < 3; i++) await refusal("kari@alpha.no", `feil-${i}-passord`, "198.51.100.7");
    expect((await refusal("kari@alpha.no", PASSWORD, "198.51.100.7")).code).toBe("invalid_credentials");
    // Not from another address, and not another account from that address.
    await expect(accounts.login("kari@alpha.no", PASSWORD, "203.0.113.5")).resolves.toMatchObject({
      principal: { email: "kari@alpha.no" },
    });
    await expect(accounts.login("lise@alpha.no", PASSWORD, "198.51.100.7")).resolves.toBeTruthy();
    clock.advance(15 * 60_000 + 1000);
    await expect(accounts.login("kari@alpha.no", PASSWORD, "198.51.100.7")).resolves.toBeTruthy();
  });

  it("records why a known account was refused, with the address, in the audit log", async () => {
    await refusal("per@alpha.no", PASSWORD, "192.0.2.9");
    const failed = await t.repos.audit.list({ action: "user.login_failed" });
    expect(failed[0]?.details).toMatchObject({ reason: "disabled", address: "192.0.2.9" });
  });
});
