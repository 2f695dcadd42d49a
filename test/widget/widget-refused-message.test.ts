import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAIT_MS } from "../support/wait.js";
import {
  browserMissing,
  launchBrowser,
  officeHoursClock,
  type RunningApp,
  type RunningBrowser,
  startApp,
} from "./support/harness.js";

/**
 * A message the server refuses as invalid (here: a lone UTF-16 surrogate,
 * which the text rule refuses on every database) leaves the widget's outbox
 * with a visible "could not be sent", and the messages after it still go
 * out. Before, such a message stayed first in the outbox for good.
 */
const skip = await browserMissing();
const WAIT = { timeout: WAIT_MS };

describe.skipIf(skip)("a refused message in the widget (Chromium)", { timeout: 90_000 }, () => {
  let running: RunningApp;
  let browser: RunningBrowser;

  beforeAll(async () => {
    running = await startApp({ clock: officeHoursClock() });
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it("shows it as not sent, drops it from the outbox, and sends the next message", async () => {
    const { page } = await browser.newPage();
    await page.goto(`${running.baseUrl}/?org=ror-ikt&lang=nb`);
    await page.locator(".launcher").click();
    await page
      .locator(".head h2")
      .filter({ hasNotText: /^(Kundeservice|Customer service)$/ })
      .waitFor(WAIT);
    const input = page.locator("#skranke-input");

    // Typed text cannot hold a lone surrogate through the input APIs: put it in place in the page.
    await input.evaluate((el) => {
      (el as HTMLTextAreaElement).value = `Hei ${String.fromCharCode(0xd83d)} der`;
    });
    await input.press("Enter");
    const refused = page.locator('.msg.customer[data-state="rejected"]');
    await refused.waitFor(WAIT);
    expect(await refused.locator(".meta").textContent()).toContain("Kunne ikke sendes");
    expect(await refused.locator("button").count()).toBe(0);

    await input.fill("Hva er telefonnummeret til kundeservice?");
    await input.press("Enter");
    const next = page.locator(".msg.customer", { hasText: "Hva er telefonnummeret" });
    await next.locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    await page.locator(".msg.bot", { hasText: "71 11 11 66" }).waitFor(WAIT);

    const conversationId = (await page.evaluate(() => localStorage.getItem("skranke:ror-ikt:conv"))) as string;
    const customerTexts = (await running.app.context.repos.messages.list(conversationId))
      .filter((m) => m.role === "customer")
      .map((m) => m.text);
    expect(customerTexts).toEqual(["Hva er telefonnummeret til kundeservice?"]);
    expect(await page.evaluate(() => localStorage.getItem("skranke:ror-ikt:outbox"))).toBe("[]");
  });
});
