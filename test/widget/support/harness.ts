import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type App, createApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config/config.js";
import type { Clock } from "../../../src/core/clock.js";
import { createLogger } from "../../../src/observability/logger.js";
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from "../../support/chromium.js";
import { RunningClock } from "../../support/running-clock.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER, shouldSkip } from "../../support/test-database.js";

/**
 * Browser tests: the whole app on a free port (temporary database, silent
 * logs) and Debian's Chromium driven by playwright-core. Without
 * /usr/bin/chromium the tests skip with a message, unless
 * SKRANKE_REQUIRE_BROWSER=1 (CI), where that is a failure.
 */
export { CHROMIUM, CHROMIUM_ARGS };

/** True when the browser tests must skip (and says why once). */
export async function browserMissing(): Promise<boolean> {
  if (chromiumMissing("the widget browser tests")) return true;
  return shouldSkip(PRIMARY_PROVIDER);
}

/**
 * Real time moved to a Wednesday 10:00 in Oslo (not a holiday), so every
 * organisation is open whenever the tests run.
 */
export function officeHoursClock(anchor = new Date("2026-11-25T09:00:00.000Z")): Clock {
  return new RunningClock(anchor);
}

export interface RunningApp {
  app: App;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Real time moved to a Wednesday 23:00 in Oslo: ROR-IKT, Move and Oslo
 * kommune are closed, DNB (open around the clock) is open.
 */
export function lateEveningClock(anchor = new Date("2026-11-25T22:00:00.000Z")): Clock {
  return new RunningClock(anchor);
}

/** `env`: more settings (e.g. NODE_ENV=production for the production origin rules). */
export async function startApp(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<RunningApp> {
  const { config: db, cleanup } = freshDatabaseConfig(PRIMARY_PROVIDER);
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    LOG_LEVEL: "silent",
    ...options.env,
  });
  const app = await createApp(config, createLogger("silent"), options.clock ? { clock: options.clock } : {});
  const port = await app.listen();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

export interface RunningBrowser {
  browser: Browser;
  newPage(options?: { lang?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<RunningBrowser> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "skranke-chromium-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, `--crash-dumps-dir=${tmp}`],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 860 },
        locale: options.lang ?? "nb-NO",
        acceptDownloads: true,
      });
      contexts.push(context);
      // Content-Security-Policy violations on the page (the demo page has a strict policy).
      await context.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
        document.addEventListener("securitypolicyviolation", (e) =>
          seen.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      const page = await context.newPage();
      page.on("pageerror", (err) => console.error(`page error: ${err.message}`));
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

const require = createRequire(import.meta.url);

/** The Content-Security-Policy violations the page reported so far ("directive blocked-URI"). */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])]);
}

/** axe-core's browser build, evaluated in the page (not a script tag, which the page's CSP would block). */
export function axeSource(): string {
  return readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** Runs axe-core on the whole page (it looks into open shadow roots) and returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
}

/**
 * Every axe violation on the page (WCAG 2.1 A/AA and best practice), with
 * label-in-name (WCAG 2.5.3) on: axe keeps that rule off by default.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(`${axeSource()}\n;undefined`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      rules: { "label-content-name-mismatch": { enabled: true } },
      resultTypes: ["violations"],
    });
    return result.violations;
  });
  return violations as AxeViolation[];
}

/** Readable summary of axe violations for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => JSON.stringify(n.target)).join("\n  ")}`)
    .join("\n");
}
