import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { browserMissing, launch } from "./support/browser.js";
import { Customer, createStaff, freshDatabase, PASSWORD, type Server, startServer } from "./support/harness.js";

const skip = browserMissing() || (await shouldSkip(PRIMARY_PROVIDER));

/** What a customer had read: a bot answer a language model wrote, with the metadata the bot stores for one. */
const GENERATED = {
  text: "Kundeansvarlig følger opp avtalen din. <b>ikke fet</b>",
  metadata: {
    action: "answer",
    sources: ["entry-kundeansvarlig", "entry-avtale"],
    generated: {
      sources: [
        { id: "entry-kundeansvarlig", title: "Hvem er kundeansvarlig?" },
        { id: "entry-avtale", title: "Hva står i avtalen?" },
      ],
    },
  },
};

/**
 * The agent who takes over sees which bot answers a language model wrote:
 * the same label and sources the customer saw («Svar fra språkmodell – kan
 * inneholde feil. Kilder: …»), as text, and only on those answers.
 */
describe.skipIf(skip)("a generated answer in the agent console", { timeout: 120_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let customer: Customer | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
    await createStaff(server, { email: "kari@ror-ikt.no", role: "agent", org: "ror-ikt", name: "Kari" });
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    page.on("pageerror", (err) => pageErrors.push(String(err)));
  }, 60_000);

  afterAll(async () => {
    customer?.stop();
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });

  it("labels the generated answer with its sources, and no other message", async () => {
    // Logged in first: a request for a person needs someone available.
    await page.goto(`${server.url}/agent-console/`);
    await page.getByLabel("E-post").fill("kari@ror-ikt.no");
    await page.getByLabel("Passord").fill(PASSWORD);
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.getByRole("tab", { name: /^Kø/ }).waitFor();
    // Customer.start records a plain (not generated) bot answer after the first words.
    customer = await Customer.start(server, "ror-ikt", "Anne", "Hvem er kundeansvarlig?");
    await server.app.context.services.log.record(customer.organisationId, {
      conversationId: customer.conversationId,
      role: "bot",
      ...GENERATED,
    });
    expect(await customer.requestHandoff("Anne vil snakke med en person")).toMatchObject({ status: "queued" });

    await page.locator(".queue-item").first().waitFor();
    await page.keyboard.press("Alt+KeyK");
    await page.getByRole("heading", { name: "Samtale med Anne" }).waitFor();

    const answer = page.locator(".msg-bot", { hasText: "Kundeansvarlig følger opp" });
    await answer.waitFor();
    await expect
      .poll(() => answer.locator(".msg-generated").textContent())
      .toBe("Svar fra språkmodell – kan inneholde feil. Kilder: Hvem er kundeansvarlig?, Hva står i avtalen?");
    // The model's text stays text.
    expect(await answer.locator(".msg-text").textContent()).toBe(GENERATED.text);
    expect(await answer.locator("b").count()).toBe(0);
    // The plain bot answer and the customer's words carry no label.
    expect(await page.locator(".msg-bot").count()).toBe(2);
    expect(await page.locator(".msg-generated").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
