import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answers, FakeAzureOpenAI, generationPayload } from "../answering/support/fake-azure-openai.js";
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
 * A generated answer in Chromium (SKRANKE_AI_MODE=generate, a fake Azure OpenAI on 127.0.0.1):
 * the widget shows «Svar fra språkmodell – kan inneholde feil» and the sources under the answer,
 * all as text (markup in the model's text stays visible characters).
 */
const skip = await browserMissing();
const WAIT = { timeout: WAIT_MS };
/** DNB's engine is not confident of this one, and finds relevant entries: it goes to the model. */
const QUESTION = "hvem er kundeansvarlig og hva gjør hun?";
/** No digits: the fact check would reject a number the sources lack. */
const MARKUP = '<img src="x" onerror="window.__owned=true">';

describe.skipIf(skip)("a generated answer in the widget, in Chromium", { timeout: 120_000 }, () => {
  const fake = new FakeAzureOpenAI();
  let running: RunningApp;
  let browser: RunningBrowser;
  let cited: { id: string; question: string } | undefined;

  beforeAll(async () => {
    await fake.start();
    fake.always((request) => {
      const entry = generationPayload(request).records.find((r) => r.type === "entry");
      cited = entry ? { id: entry.id, question: String(entry.question) } : undefined;
      return answers(`Se kilden under. ${MARKUP}`, entry ? [entry.id] : []);
    });
    running = await startApp({
      clock: officeHoursClock(),
      env: {
        AZURE_OPENAI_ENDPOINT: fake.endpoint,
        AZURE_OPENAI_API_KEY: "browser-test-key",
        AZURE_OPENAI_DEPLOYMENT: fake.deployment,
        SKRANKE_AI_MODE: "generate",
        SKRANKE_AI_TIMEOUT_MS: "20000",
      },
    });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await fake.close();
  });

  async function openWidget(lang: "nb" | "en"): Promise<Page> {
    const { page } = await browser.newPage({ lang: lang === "nb" ? "nb-NO" : "en-GB" });
    await page.goto(`${running.baseUrl}/?org=dnb&lang=${lang}`);
    await page.locator(".launcher").click();
    await page.locator(".panel").waitFor({ state: "visible", ...WAIT });
    await page
      .locator(".head h2")
      .filter({ hasNotText: /^(Kundeservice|Customer service)$/ })
      .waitFor(WAIT);
    return page;
  }

  it("shows the label and the sources as text under the answer", async () => {
    const page = await openWidget("nb");
    const input = page.locator("#skranke-input");
    await input.fill(QUESTION);
    await input.press("Enter");

    const answer = page.locator(".msg.bot", { has: page.locator(".gen") });
    await answer.waitFor(WAIT);
    expect(fake.requests).toHaveLength(1);
    expect(cited).toBeDefined();
    await expect
      .poll(() => answer.locator(".gen-label").textContent())
      .toBe("Svar fra språkmodell – kan inneholde feil");
    expect(await answer.locator(".gen-src-title").textContent()).toBe("Kilder:");
    expect(await answer.locator(".gen-src li").allTextContents()).toEqual([cited?.question]);
    // The model's text is text: the markup shows as characters and no element is made of it.
    expect(await answer.locator(".bubble").textContent()).toContain(MARKUP);
    expect(await answer.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __owned?: boolean }).__owned)).toBeUndefined();
    // Only generated answers are labelled: the welcome is not.
    expect(await page.locator(".gen").count()).toBe(1);
  });
});
