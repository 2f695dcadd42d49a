import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { FixedClock } from "../../src/core/clock.js";
import { createLogger } from "../../src/observability/logger.js";
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from "../support/chromium.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER } from "../support/test-database.js";
import { seedConversation, startForeignRun } from "./retention-fixtures.js";

const PASSWORD = "korrekt-hest-batteri";

/** The compliance page in headless Chromium against the real server (CSP on). */
describe.skipIf(chromiumMissing("the compliance page browser tests"))("compliance page in a browser", () => {
  let app: App;
  let url: string;
  let cleanup: () => Promise<void>;
  let context: BrowserContext;
  let profile: string;
  let customerId: string;
  let complianceUserId: string;

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
    app = await createApp(config, createLogger("silent"), { clock: new FixedClock(new Date()) });
    url = `http://127.0.0.1:${await app.listen()}`;
    const accounts = app.context.services.accounts;
    await accounts.createUser({
      email: "agent@example.no",
      role: "agent",
      organisationSlug: "alpha-it",
      password: PASSWORD,
    });
    complianceUserId = (
      await accounts.createUser({ email: "personvern@example.no", role: "compliance", password: PASSWORD })
    ).id;
    const org = await app.context.repos.organisations.findBySlug("alpha-it");
    const customer = await app.context.db.prisma.customer.create({ data: { organisationId: org?.id ?? "" } });
    customerId = customer.id;
    await seedConversation(app.context.repos, org?.id ?? "", new Date(Date.now() - 2 * 365 * 86_400_000), {
      customerId,
      texts: ['<img src=x onerror="window.__xss=1">Hei', "Svar"],
    });
    profile = mkdtempSync(path.join(os.tmpdir(), "skranke-compliance-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
    });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await app?.close();
    await cleanup?.();
  });

  async function login(page: Page, email: string) {
    await page.goto(`${url}/agent-console/compliance.html`);
    await page.fill('#login-form input[name="email"]', email);
    await page.fill('#login-form input[name="password"]', PASSWORD);
    await page.click('#login-form button[type="submit"]');
  }

  it("refuses an agent and lets compliance staff work: policies, dry run, export shown as text", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await login(page, "agent@example.no");
    await expect.poll(() => page.textContent("#status")).toMatch(/compliance/);
    expect(await page.isVisible("#app-view")).toBe(false);

    await login(page, "personvern@example.no");
    await page.waitForSelector("#app-view:not([hidden])");
    await expect.poll(() => page.textContent("#policies-table tbody")).toMatch(/alpha-it/);

    await page.click('nav button[data-tab="purge"]');
    await page.click('#purge-form button[value="dry"]');
    await expect.poll(() => page.textContent("#purge-report")).toMatch(/Would delete: 1 samtaler/);

    await page.click('nav button[data-tab="subjects"]');
    await page.fill('#subject-form input[name="customerId"]', customerId);
    const download = page.waitForEvent("download");
    await page.click('#subject-form button[value="export-text"]');
    expect((await download).suggestedFilename()).toBe("innsyn.txt");
    await expect.poll(() => page.textContent("#subject-result")).toContain('<img src=x onerror="window.__xss=1">Hei');
    expect(await page.$("#subject-result img")).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await page.click('nav button[data-tab="audit"]');
    await expect.poll(() => page.textContent("#audit-table tbody")).toMatch(/subject\.export/);
    expect(errors).toEqual([]);
  }, 120_000);

  it("stops a running purge from the runs table", async () => {
    // A real run another server process is carrying out (it stops at its next progress record).
    const run = await startForeignRun(app.context.repos.compliance.purge);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await login(page, "personvern@example.no");
    await page.waitForSelector("#app-view:not([hidden])");
    await page.click('nav button[data-tab="purge"]');
    await page.click(`button[aria-label="Stopp kjøring ${run.id} / Stop run ${run.id}"]`);
    await expect.poll(() => page.textContent("#status")).toMatch(/stops after its current batch/);
    await expect.poll(() => page.textContent("#runs-table tbody")).toMatch(/stopping…/);
    expect(dialogs).toEqual(["Stoppe slettingen etter gjeldende parti? / Stop the purge after its current batch?"]);
    const stored = await app.context.repos.compliance.purge.findRun(run.id);
    expect(stored?.stopRequestedAt).not.toBeNull();
    expect(stored?.stopRequestedBy).toBe(complianceUserId);
    // The other process would now end the run.
    await app.context.repos.compliance.purge.markInterrupted(run.id, new Date(), "stopped");
    expect(errors).toEqual([]);
  }, 120_000);
});
