import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserMissing, launch } from "../handoff/support/browser.js";
import { createStaff, freshDatabase, PASSWORD, type Server, startServer } from "../handoff/support/harness.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";

const skip = browserMissing() || (await shouldSkip(PRIMARY_PROVIDER));
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const XSS = `<img src=x onerror="window.__pwned = 1">Hvor er <b>kontoret</b>?`;
const DAY = 86_400_000;

/**
 * The supervisors' reports view in headless Chromium, on ten generated days:
 * each day (1–10 days ago, 10:00 UTC) three conversations, two answered by
 * the bot alone (one rated 5) and one handed to an agent who replied after
 * `days ago` minutes. So the last 30 days: 30 conversations, 67 % by the bot
 * alone, 10 handoffs, first responses 1–10 min (median 5.5 min, p90 9 min).
 */
describe.skipIf(skip)("the reports view in a browser", { timeout: 120_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
    await createStaff(server, { email: "siri@example.no", role: "supervisor", org: "alpha", name: "Siri" });
    const agent = await createStaff(server, { email: "kari@example.no", role: "agent", org: "alpha", name: "Kari" });
    const prisma = server.app.context.db.prisma;
    const organisationId = server.orgs.alpha.id;
    const today = new Date();
    today.setUTCHours(10, 0, 0, 0);
    for (let ago = 1; ago <= 10; ago++) {
      const start = today.getTime() - ago * DAY;
      for (let k = 0; k < 3; k++) {
        const handed = k === 2;
        const startedAt = new Date(start + k * 60_000);
        const c = await prisma.conversation.create({
          data: {
            organisationId,
            channel: "widget",
            startedAt,
            lastActivityAt: startedAt,
            retentionExpiresAt: new Date(start + 400 * DAY),
            humanInvolved: handed,
            escalationReason: handed ? "customer_request" : null,
            satisfaction: k === 0 ? 5 : null,
          },
        });
        const at = (s: number) => new Date(startedAt.getTime() + s * 1000);
        const question =
          ago === 1 && k === 0 ? "Send svaret til ola@example.no" : ago === 2 && k === 1 ? XSS : "Når åpner dere?";
        await prisma.message.create({
          data: { conversationId: c.id, role: "customer", text: question, createdAt: at(1) },
        });
        const fallback = question !== "Når åpner dere?";
        const reply = await prisma.message.create({
          data: {
            conversationId: c.id,
            role: "bot",
            text: fallback ? "Det vet jeg ikke." : "Kl. 8.",
            metadata: fallback ? { action: "fallback" } : { action: "answer", sources: ["opening-hours"] },
            createdAt: at(2),
          },
        });
        if (!fallback) {
          await prisma.feedback.create({ data: { conversationId: c.id, messageId: reply.id, helpful: k !== 1 } });
        }
        if (handed) {
          await prisma.handoffRequest.create({
            data: {
              conversationId: c.id,
              organisationId,
              reason: "customer_request",
              status: "completed",
              requestedAt: at(10),
              assignedAt: at(20),
              endedAt: at(10 + ago * 60 + 300),
            },
          });
          await prisma.message.create({
            data: {
              conversationId: c.id,
              role: "agent",
              authorId: agent.id,
              text: "Hei!",
              createdAt: at(10 + ago * 60),
            },
          });
        }
      }
    }
    browser = await launch();
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(String(err)));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });

  async function screenshot(name: string): Promise<void> {
    const dir = process.env.SKRANKE_SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/reports-${name}.png`, fullPage: true });
  }

  async function axeViolations(): Promise<Array<{ id: string; impact: string; nodes: number }>> {
    await page.addScriptTag({ path: AXE });
    return page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> };
        }
      ).axe;
      const result = await axe.run();
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
  }

  const figure = (label: string) =>
    page
      .locator(".report-figures .figure")
      .filter({ has: page.getByText(label, { exact: true }) })
      .locator("dd");

  it("keeps the console's content security policy: scripts and styles from this server only", async () => {
    const res = await fetch(`${server.url}/agent-console/`);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('href="reports.css"');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("shows a supervisor the last 30 days: figures, charts and the masked unanswered questions", async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${server.url}/agent-console/`);
    await page.getByLabel("E-post").fill("siri@example.no");
    await page.getByLabel("Passord").fill(PASSWORD);
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.getByRole("button", { name: "Rapporter" }).click();
    await page.locator("#report-summary-title").waitFor();
    expect(await figure("Samtaler").textContent()).toBe("30");
    expect(await figure("Løst av boten alene").textContent()).toBe("67\u00a0%");
    expect(await figure("Sendt videre til en person").textContent()).toBe("10");
    expect(await figure("Første svar fra agent (median / p90)").textContent()).toBe("5,5 min / 9 min");
    expect(await figure("Spørsmål boten ikke kunne svare på").textContent()).toBe("2");
    // Ten days with bars, two layers each; the response-time lines.
    expect(await page.locator("#chart-conversations rect").count()).toBe(20);
    expect(await page.locator("#chart-first-response polyline").count()).toBe(2);
    const questions = page.locator(".report-questions tbody td:first-child");
    expect(await questions.allTextContents()).toEqual(expect.arrayContaining(["Send svaret til [e-post]", XSS]));
    expect(await page.locator(".report-questions img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator(".report-entries tbody tr").first().textContent()).toContain("opening-hours");
    expect(await axeViolations()).toEqual([]);
    await screenshot("last-30-days");
    await page.locator(".report-table summary").click();
    expect(await page.locator(".report-table tbody tr").count()).toBe(30);
    expect(await axeViolations()).toEqual([]);
  });

  it("downloads the day table as CSV", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#csv-days").click()]);
    expect(download.suggestedFilename()).toMatch(/^skranke-days-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const lines = text.split("\r\n");
    expect(lines[0]).toMatch(/^date,conversations,bot_only,containment/);
    expect(lines.find((l) => l.startsWith("total,"))).toMatch(/^total,30,20,0.667,10,0,10,330,540,/);
  });

  it("shows a period without data, in English, and a refused range as an error", async () => {
    await page.getByRole("button", { name: "English" }).click();
    await page.getByLabel("From").fill("2020-01-01");
    await page.getByLabel("To (inclusive)").fill("2020-01-31");
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await page.locator("#report-summary-title", { hasText: "Summary 2020-01-01–2020-01-31" }).waitFor();
    expect(await figure("Conversations").textContent()).toBe("0");
    expect(await page.getByText("The bot answered everything in this period.").count()).toBe(1);
    expect(await axeViolations()).toEqual([]);
    await page.getByLabel("From").fill("2019-01-01");
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("at most 366 days");
    await page
      .getByRole("button", { name: "Back to the chats" })
      .waitFor({ state: "detached" })
      .catch(() => {});
    await page.getByRole("button", { name: "Reports" }).click();
    await page.locator("#queue-title").waitFor();
    expect(pageErrors).toEqual([]);
  });
});
