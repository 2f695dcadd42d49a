import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { FixedClock } from "../../src/core/clock.js";
import { createComplianceServices } from "../../src/core/retention/compliance-services.js";
import { createLogger } from "../../src/observability/logger.js";
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from "../support/chromium.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER } from "../support/test-database.js";
import { seedConversation, startForeignRun } from "./retention-fixtures.js";

const PASSWORD = "korrekt-hest-batteri";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** axe's serious and critical violations on the page as it is now. */
async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string; targets: string[] }>> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run(): Promise<Result> } }).axe;
    return (await axe.run()).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

/** WCAG contrast ratio of an element's text colour against the first opaque background behind it. */
function contrastOf(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r ?? 0) + 0.7152 * f(g ?? 0) + 0.0722 * f(b ?? 0);
    };
    const el = document.querySelector(sel) as HTMLElement;
    const fg = rgb(getComputedStyle(el).color);
    let node: HTMLElement | null = el;
    let bg = [255, 255, 255];
    while (node) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
        bg = c.slice(0, 3);
        break;
      }
      node = node.parentElement;
    }
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x) as [number, number];
    return (a + 0.05) / (b + 0.05);
  }, selector);
}

/** The compliance page in headless Chromium against the real server (CSP on). */
describe.skipIf(chromiumMissing("the compliance page browser tests"))("compliance page in a browser", () => {
  let app: App;
  let url: string;
  let cleanup: () => Promise<void>;
  let context: BrowserContext;
  let profile: string;
  let customerId: string;
  let complianceUserId: string;
  let conversationId: string;

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
      await accounts.createUser({
        email: "personvern@example.no",
        displayName: "Pia Personvern",
        role: "compliance",
        password: PASSWORD,
      })
    ).id;
    const org = await app.context.repos.organisations.findBySlug("alpha-it");
    const customer = await app.context.db.prisma.customer.create({ data: { organisationId: org?.id ?? "" } });
    customerId = customer.id;
    await seedConversation(app.context.repos, org?.id ?? "", new Date(Date.now() - 2 * 365 * 86_400_000), {
      customerId,
      texts: ['<img src=x onerror="window.__xss=1">Hei', "Svar"],
    });
    conversationId = (await seedConversation(app.context.repos, org?.id ?? "", new Date(), { texts: ["Hei", "Svar"] }))
      .id;
    profile = mkdtempSync(path.join(os.tmpdir(), "skranke-compliance-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      // Lets the tests add axe-core to the page; the page's own policy is checked in test/hardening.
      bypassCSP: true,
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
    // Each test starts in Norwegian, whatever the one before chose.
    await page.evaluate(() => {
      localStorage.removeItem("skranke.console.lang");
      sessionStorage.clear();
    });
    await page.reload();
    await page.waitForSelector("#lang-switch");
    await page.fill('#login-form input[name="email"]', email);
    await page.fill('#login-form input[name="password"]', PASSWORD);
    await page.click('#login-form button[type="submit"]');
  }

  it("refuses an agent and lets compliance staff work: policies, dry run, export shown as text", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await login(page, "agent@example.no");
    await expect
      .poll(() => page.textContent("#status"))
      .toBe("Denne siden er for personvernansvarlige (rollen compliance).");
    expect(await page.isVisible("#app-view")).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    await login(page, "personvern@example.no");
    await page.waitForSelector("#app-view:not([hidden])");
    await expect.poll(() => page.textContent("#policies-table tbody")).toMatch(/alpha-it/);

    await page.click('nav button[data-tab="purge"]');
    await page.click('#purge-form button[value="dry"]');
    await expect.poll(() => page.textContent("#purge-report")).toMatch(/Ville slettet: 1 samtaler/);
    expect(await axeViolations(page)).toEqual([]);

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
    // The actor by name and e-mail, not by account id.
    const by = await page
      .locator("#audit-table tbody tr", { hasText: "subject.export" })
      .first()
      .locator("td")
      .nth(2)
      .textContent();
    expect(by).toBe("Pia Personvern <personvern@example.no>compliance");
    // An event about a member of staff names them too.
    const created = page.locator("#audit-table tbody tr", { hasText: "user.created" }).first().locator("td").nth(3);
    await expect.poll(() => created.textContent()).toMatch(/^user .+ <.+@example\.no>$/);
    expect(await page.textContent("#audit-table tbody")).not.toContain(complianceUserId);
    expect(await axeViolations(page)).toEqual([]);
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
    const row = page.locator(`#runs-table tr[data-run="${run.id}"]`);
    // A run another process started: its actor as it is, its state as a badge.
    await expect.poll(() => row.textContent()).toContain("scheduler:other-host");
    expect(await row.locator(".badge").textContent()).toBe("Pågår");
    expect(await axeViolations(page)).toEqual([]);
    await row.getByRole("button", { name: /^Stopp kjøringen startet / }).click();
    await expect.poll(() => page.textContent("#status")).toBe("Kjøringen stopper etter gjeldende parti.");
    await expect.poll(() => row.textContent()).toMatch(/Stopper …/);
    expect(dialogs).toEqual(["Stoppe slettingen etter gjeldende parti?"]);
    const stored = await app.context.repos.compliance.purge.findRun(run.id);
    expect(stored?.stopRequestedAt).not.toBeNull();
    expect(stored?.stopRequestedBy).toBe(complianceUserId);
    // The other process would now end the run.
    await app.context.repos.compliance.purge.markInterrupted(run.id, new Date(), "stopped");
    expect(errors).toEqual([]);
  }, 120_000);

  it("switches every label to English and back, and remembers the choice", async () => {
    const page = await context.newPage();
    await login(page, "personvern@example.no");
    await page.waitForSelector("#app-view:not([hidden])");
    expect(await page.getAttribute("html", "lang")).toBe("nb");
    expect(await page.textContent("h1")).toBe("Personvern og oppbevaring");
    await page.click("#lang-switch");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.textContent("h1")).toBe("Retention and compliance");
    expect(await page.textContent('nav button[data-tab="holds"]')).toBe("Legal holds");
    expect(await page.textContent("#logout")).toBe("Log out");
    expect(await page.textContent("#lang-switch")).toBe("Norsk");
    // No label left in the other language.
    const body = (await page.textContent("body")) ?? "";
    for (const nb of ["Retningslinjer", "Oppbevaringsregler", "Logg ut", "Versjon"]) expect(body).not.toContain(nb);
    expect(await axeViolations(page)).toEqual([]);
    await page.reload();
    await page.waitForSelector("#app-view:not([hidden])");
    expect(await page.textContent("h1")).toBe("Retention and compliance");
    await expect.poll(() => page.textContent("#policies-table thead")).toContain("Organisation");
    await page.click("#lang-switch");
    expect(await page.textContent("h1")).toBe("Personvern og oppbevaring");
    await page.close();
  }, 120_000);

  it("has a logout button readable on the header (contrast at least 4.5:1), in both languages", async () => {
    const page = await context.newPage();
    await login(page, "personvern@example.no");
    await page.waitForSelector("#app-view:not([hidden])");
    expect(await contrastOf(page, "#logout")).toBeGreaterThanOrEqual(4.5);
    expect(await contrastOf(page, "#lang-switch")).toBeGreaterThanOrEqual(4.5);
    await page.click("#lang-switch");
    expect(await contrastOf(page, "#logout")).toBeGreaterThanOrEqual(4.5);
    await page.click("#lang-switch");
    await page.close();
  }, 120_000);

  it("names unknown conversation, customer and hold ids in the chosen language", async () => {
    const page = await context.newPage();
    page.on("dialog", (d) => void d.accept("Feil sak"));
    await login(page, "personvern@example.no");
    await page.waitForSelector("#app-view:not([hidden])");
    await page.click('nav button[data-tab="holds"]');
    await page.fill('#hold-form input[name="target"]', "finnes-ikke-123");
    await page.fill('#hold-form input[name="reason"]', "Tvist om faktura");
    await page.click('#hold-form button[type="submit"]');
    await expect
      .poll(() => page.textContent("#status"))
      .toBe("Fant ingen samtale med ID finnes-ikke-123. Sjekk ID-en (den står i agentkonsollen og i eksporten).");
    expect(await page.getAttribute("#status", "role")).toBe("alert");
    expect(await axeViolations(page)).toEqual([]);
    await page.selectOption('#hold-form select[name="kind"]', "customerId");
    await page.click('#hold-form button[type="submit"]');
    await expect.poll(() => page.textContent("#status")).toMatch(/^Fant ingen kunde med ID finnes-ikke-123\./);

    await page.click("#lang-switch");
    await page.click('nav button[data-tab="subjects"]');
    await page.fill('#subject-form input[name="customerId"]', "no-such-customer");
    await page.click('#subject-form button[value="export-json"]');
    await expect.poll(() => page.textContent("#status")).toMatch(/^No customer has the id no-such-customer\./);
    expect(await axeViolations(page)).toEqual([]);

    // A hold released meanwhile elsewhere: the page says so and refreshes the list.
    await page.click('nav button[data-tab="holds"]');
    const hold = await createComplianceServices(app.context.repos, app.context.clock, "server").holds.place(
      { conversationId },
      "Kontroll",
      { id: complianceUserId, role: "compliance", label: "personvern@example.no" },
      null,
    );
    await page.click("#holds-all");
    await page.click("#holds-all");
    const release = page.getByRole("button", { name: `Release the hold on ${conversationId}` });
    await release.waitFor();
    await createComplianceServices(app.context.repos, app.context.clock, "server").holds.release(
      hold.id,
      "Ferdig",
      { id: complianceUserId, role: "compliance", label: "personvern@example.no" },
      null,
    );
    await release.click();
    await expect.poll(() => page.textContent("#status")).toBe("The hold is already released.");
    await page.click("#lang-switch");
    await page.close();
  }, 120_000);

  it("shows holds with what they apply to, who placed and released them, and their state", async () => {
    const page = await context.newPage();
    page.on("dialog", (d) => void d.accept("Saken er avsluttet"));
    await login(page, "personvern@example.no");
    await page.waitForSelector("#app-view:not([hidden])");
    await page.click('nav button[data-tab="holds"]');
    await page.selectOption('#hold-form select[name="kind"]', "customerId");
    await page.fill('#hold-form input[name="target"]', customerId);
    await page.fill('#hold-form input[name="reason"]', "Klagesak 2026-17");
    await page.click('#hold-form button[type="submit"]');
    await expect.poll(() => page.textContent("#status")).toBe("Hold satt.");
    const row = page.locator("#holds-table tbody tr", { hasText: "Klagesak 2026-17" });
    expect(await row.textContent()).toContain("Pia Personvern <personvern@example.no>");
    expect(await row.textContent()).not.toContain(complianceUserId);
    expect(await row.locator(".badge.kind").textContent()).toBe("Kunde");
    expect(await row.locator(".badge.hold-active").textContent()).toBe("Aktiv");
    expect(await axeViolations(page)).toEqual([]);
    await row.getByRole("button", { name: `Opphev holdet på ${customerId}` }).click();
    await expect.poll(() => page.textContent("#status")).toBe("Hold opphevet.");
    await page.click("#holds-all");
    const released = page.locator("#holds-table tbody tr", { hasText: "Klagesak 2026-17" });
    await expect.poll(() => released.locator(".badge.hold-released").textContent()).toBe("Opphevet");
    expect(await released.textContent()).toContain("Saken er avsluttet");
    expect((await released.textContent())?.match(/Pia Personvern/g)).toHaveLength(2);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('nav button[data-tab="policies"]');
    expect(await axeViolations(page)).toEqual([]);
    await page.click('nav button[data-tab="analytics"]');
    expect(await axeViolations(page)).toEqual([]);
    await page.click("#logout");
    await page.waitForSelector("#login-view:not([hidden])");
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);
});
