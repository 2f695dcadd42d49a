import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { browserMissing, launch } from "./support/browser.js";
import {
  Customer,
  createStaff,
  eventually,
  freshDatabase,
  PASSWORD,
  type Server,
  startServer,
} from "./support/harness.js";

const skip = browserMissing() || (await shouldSkip(PRIMARY_PROVIDER));
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * The agent workspace in Chromium at 1366×768: three panes and no page
 * scroll, the keyboard shortcuts (claim next, send, next chat, canned
 * response, close with confirmation, the "?" list), a transfer that opens
 * at the receiving agent, the knowledge search keeping its query, errors
 * in the console's language, and axe in each state.
 */
describe.skipIf(skip)("the agent workspace", { timeout: 120_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let kari: Page;
  let ola: Page;
  const customers: Customer[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
    await createStaff(server, { email: "kari@ror-ikt.no", role: "agent", org: "ror-ikt", name: "Kari", maxChats: 2 });
    await createStaff(server, { email: "ola@ror-ikt.no", role: "agent", org: "ror-ikt", name: "Ola" });
    await createStaff(server, { email: "siri@ror-ikt.no", role: "supervisor", org: "ror-ikt", name: "Siri" });
    browser = await launch();
    kari = await browser.context.newPage();
    // A second agent in another tab of the same browser: the console keeps its session per tab.
    ola = await browser.context.newPage();
    for (const page of [kari, ola]) {
      await page.setViewportSize({ width: 1366, height: 768 });
      page.on("pageerror", (err) => pageErrors.push(String(err)));
    }
  }, 60_000);

  afterAll(async () => {
    for (const c of customers) c.stop();
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });

  async function login(page: Page, email: string): Promise<void> {
    await page.goto(`${server.url}/agent-console/`);
    await page.getByLabel("E-post").fill(email);
    await page.getByLabel("Passord").fill(PASSWORD);
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.getByRole("tab", { name: /^Kø/ }).waitFor();
  }

  async function customer(name: string, words: string): Promise<Customer> {
    const c = await Customer.start(server, "ror-ikt", name, words);
    customers.push(c);
    expect(await c.requestHandoff(`${name} trenger hjelp`)).toMatchObject({ status: "queued" });
    return c;
  }

  /** The page itself never scrolls, either way: each pane scrolls on its own. */
  async function pageScroll(page: Page): Promise<{ x: number; y: number }> {
    return page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
  }

  async function axe(page: Page): Promise<Array<{ id: string; impact: string; nodes: number }>> {
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
    return page.evaluate(async () => {
      const runner = (
        window as unknown as {
          axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> };
        }
      ).axe;
      const result = await runner.run();
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

  /** Screenshots for docs/agent-console.md, when SKRANKE_SCREENSHOT_DIR is set. */
  async function screenshot(page: Page, name: string): Promise<void> {
    const dir = process.env.SKRANKE_SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/agent-console-${name}.png` });
  }

  it("shows three panes with a favicon and no page scroll, axe clean, before any chat", async () => {
    await login(kari, "kari@ror-ikt.no");
    await login(ola, "ola@ror-ikt.no");
    expect(await kari.locator("link[rel=icon]").getAttribute("href")).toBe("favicon.svg");
    expect((await fetch(`${server.url}/agent-console/favicon.svg`)).headers.get("content-type")).toBe("image/svg+xml");
    for (const pane of [".pane.lists", ".pane.conversation", ".pane.context"]) {
      expect(await kari.locator(pane).isVisible(), pane).toBe(true);
    }
    expect(await pageScroll(kari)).toEqual({ x: 0, y: 0 });
    expect(await axe(kari)).toEqual([]);
  });

  it("claims the customer who waited longest with Alt+K, and sends with Enter and Ctrl+Enter", async () => {
    const anne = await customer("Anne", "Skriveren virker ikke");
    await customer("Bjørn", "Jeg får ikke logget inn");
    await kari.locator(".queue-item").nth(1).waitFor();
    expect(await kari.locator(".queue-item .timer").first().textContent()).toMatch(/^venter \d+ s$/);
    expect(await kari.getByRole("tab", { name: /^Kø/ }).locator(".count").textContent()).toBe("2");
    expect(await axe(kari)).toEqual([]);

    await kari.keyboard.press("Alt+KeyK");
    await kari.getByRole("heading", { name: "Samtale med Anne" }).waitFor();
    await expect.poll(() => focusedId(kari)).toBe("reply");
    expect(await anne.status()).toBe("assigned");

    await kari.keyboard.type("Hei Anne, jeg ser på det.");
    await kari.keyboard.press("Enter");
    await kari.locator(".msg-agent .msg-text", { hasText: "jeg ser på det" }).waitFor();
    await kari.keyboard.type("Første linje");
    await kari.keyboard.press("Shift+Enter");
    await kari.keyboard.type("andre linje");
    await kari.keyboard.press("Control+Enter");
    await eventually(() =>
      anne.of("message").some((m) => m.message.role === "agent" && m.message.text === "Første linje\nandre linje"),
    );
    await expect.poll(() => kari.locator("#reply").inputValue()).toBe("");

    // A long transcript scrolls inside its pane; the composer stays in view and the page does not scroll.
    for (let i = 0; i < 30; i += 1) await anne.say(`Melding ${i} med litt tekst for å fylle samtalen`);
    await kari.locator(".msg-customer .msg-text", { hasText: "Melding 29" }).waitFor();
    expect(await pageScroll(kari)).toEqual({ x: 0, y: 0 });
    const composer = await kari.locator(".composer").boundingBox();
    expect(composer && composer.y + composer.height).toBeLessThanOrEqual(768);
    expect(await kari.locator("#transcript").evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await axe(kari)).toEqual([]);
    await screenshot(kari, "workspace");
  });

  it("inserts a canned response from the keyboard, and says who edits them", async () => {
    await kari.keyboard.press("Alt+KeyH");
    await expect
      .poll(() => kari.evaluate(() => document.activeElement?.classList.contains("canned-option")))
      .toBe(true);
    await kari.keyboard.press("ArrowDown");
    expect(await kari.evaluate(() => document.activeElement?.textContent)).toContain("Melde feil");
    await kari.keyboard.press("Enter");
    await expect.poll(() => focusedId(kari)).toBe("reply");
    expect(await kari.locator("#reply").inputValue()).toContain("kundeservice@ror-ikt.no eller på telefon 71 11 11 66");
    expect(await kari.locator(".who-edits").textContent()).toBe(
      "Veiledere redigerer disse i knowledge/ror-ikt/canned-responses.json, og kan legge til flere i konsollen.",
    );
    await kari.locator("#reply").fill("");
  });

  it("keeps the knowledge search's query when the panel is drawn again", async () => {
    await kari.getByLabel("Søk i kunnskapsbasen").fill("telefonnummer kundeservice");
    await kari.getByRole("button", { name: "Søk", exact: true }).click();
    await kari.locator("#knowledge-results li").first().waitFor();
    // Moving to another chat and back draws the panel again.
    await kari.keyboard.press("Alt+ArrowDown");
    await kari.keyboard.press("Alt+ArrowUp");
    await kari.getByRole("heading", { name: "Samtale med Anne" }).waitFor();
    expect(await kari.getByLabel("Søk i kunnskapsbasen").inputValue()).toBe("telefonnummer kundeservice");
    expect(await kari.locator("#knowledge-results").getAttribute("aria-label")).toBe(
      "Treff for «telefonnummer kundeservice»",
    );
  });

  it("moves between my chats with Alt+↓ and Alt+↑, and counts unread messages", async () => {
    await kari.keyboard.press("Alt+KeyK");
    await kari.getByRole("heading", { name: "Samtale med Bjørn" }).waitFor();
    const anne = customers[0] as Customer;
    await anne.say("Er du der?");
    await anne.say("Hallo?");
    const mineTab = kari.getByRole("tab", { name: /^Mine/ });
    await expect.poll(() => mineTab.locator(".badge.unread").textContent()).toBe("2");
    const anneItem = kari.locator(".mine-item", { hasText: "Anne" });
    expect(await anneItem.locator(".badge.unread").textContent()).toBe("2");
    expect(await anneItem.locator(".timer").textContent()).toMatch(/^kunden venter \d+ s$/);
    expect(await axe(kari)).toEqual([]);
    await screenshot(kari, "mine");

    await kari.keyboard.press("Alt+ArrowUp");
    await kari.getByRole("heading", { name: "Samtale med Anne" }).waitFor();
    await expect.poll(() => mineTab.locator(".badge.unread").count()).toBe(0);
    await kari.keyboard.press("Alt+ArrowDown");
    await kari.getByRole("heading", { name: "Samtale med Bjørn" }).waitFor();
  });

  it("says a full console's refusal in Norwegian, not the server's English", async () => {
    await customer("Cecilie", "Hjelp med e-post");
    await expect.poll(() => kari.getByRole("tab", { name: /^Kø/ }).locator(".count").textContent()).toBe("1");
    // Kari holds two chats, her limit.
    await kari.keyboard.press("Alt+KeyK");
    await expect
      .poll(() => kari.locator(".notice").textContent())
      .toBe("Du har nådd grensen for samtidige samtaler. Avslutt en først.");
    expect(await kari.locator(".notice").textContent()).not.toMatch(/[a-z]+ (first|close one)/);
  });

  it("transfers in a dialog that is not clipped, and the chat opens at the receiving agent", async () => {
    await kari.getByRole("button", { name: "Overfør …" }).click();
    const dialog = kari.getByRole("dialog", { name: "Overfør samtalen" });
    await dialog.waitFor();
    expect(await dialog.evaluate((el) => el.matches(":modal"))).toBe(true);
    const box = await dialog.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 768 && box.x >= 0 && box.x + box.width <= 1366).toBe(true);
    expect(await axe(kari)).toEqual([]);
    await screenshot(kari, "transfer");
    await dialog.getByLabel("Overfør til").selectOption({ label: "Ola (Tilgjengelig, 0 av 3 samtaler)" });
    await dialog.getByRole("button", { name: "Overfør", exact: true }).click();

    await ola.getByRole("heading", { name: "Samtale med Bjørn" }).waitFor();
    expect(await ola.locator(".notice").textContent()).toBe("Kari overførte samtalen med Bjørn til deg. Den er åpnet.");
    expect(await ola.locator("#reply").isVisible()).toBe(true);
    expect(await ola.getByRole("tab", { name: /^Mine/ }).getAttribute("aria-selected")).toBe("true");
    expect(await axe(ola)).toEqual([]);
    await kari.getByText("Velg en samtale i køen eller blant dine samtaler.").waitFor();
  });

  it("asks before closing (Alt+A), and Escape keeps the chat", async () => {
    await kari.keyboard.press("Alt+ArrowDown");
    await kari.getByRole("heading", { name: "Samtale med Anne" }).waitFor();
    const anne = customers[0] as Customer;
    await kari.locator("#reply").focus();
    await kari.keyboard.press("Alt+KeyA");
    const dialog = kari.getByRole("dialog", { name: "Avslutte samtalen med Anne?" });
    await dialog.waitFor();
    await expect.poll(() => focusedId(kari)).toBe("close-resolution");
    expect(await axe(kari)).toEqual([]);
    await screenshot(kari, "close");
    await kari.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await anne.status()).toBe("assigned");
    await expect.poll(() => focusedId(kari)).toBe("reply");

    await kari.keyboard.press("Alt+KeyA");
    await dialog.waitFor();
    await dialog.getByLabel("Utfall").selectOption("resolved");
    await dialog.getByRole("button", { name: "Avslutt", exact: true }).click();
    await kari.getByText("Velg en samtale i køen eller blant dine samtaler.").waitFor();
    expect(await server.app.context.repos.conversations.findById(anne.conversationId)).toMatchObject({
      status: "closed",
      resolution: "resolved",
    });
  });

  it("lists the shortcuts with «?», in Norwegian and English", async () => {
    await kari.locator("body").press("?");
    const dialog = kari.getByRole("dialog", { name: "Hurtigtaster" });
    await dialog.waitFor();
    const rows = await dialog.locator("tbody tr").allTextContents();
    expect(rows).toContain("Alt+KTa neste kunde i køen");
    expect(rows).toContain("Enter / Ctrl+EnterSend svaret");
    expect(rows).toContain("Alt+AAvslutt samtalen (spør først)");
    expect(await axe(kari)).toEqual([]);
    await kari.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await kari.getByRole("button", { name: "English" }).click();
    await kari.getByRole("button", { name: "Shortcuts (?)" }).click();
    await kari.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    expect(await kari.getByRole("dialog").locator("tbody tr").allTextContents()).toContain(
      "Alt+KTake the next customer in the queue",
    );
    expect(await axe(kari)).toEqual([]);
    await kari.keyboard.press("Escape");
    await kari.getByRole("button", { name: "Norsk" }).click();
  });

  it("shows supervisors' views in the main area, without page scroll, axe clean", async () => {
    const siri = await browser.context.newPage();
    await siri.setViewportSize({ width: 1366, height: 768 });
    await login(siri, "siri@ror-ikt.no");
    for (const [button, heading] of [
      ["Oversikt", "Oversikt"],
      ["Hurtigsvar", "Administrer hurtigsvar"],
      ["Rapporter", "Rapporter"],
    ] as const) {
      await siri.getByRole("button", { name: button, exact: true }).click();
      await siri.getByRole("heading", { name: heading, exact: true }).first().waitFor();
      expect(await siri.locator(".pane.main-area").isVisible(), button).toBe(true);
      expect(await siri.locator(".pane.conversation").count(), button).toBe(0);
      expect(await pageScroll(siri), button).toEqual({ x: 0, y: 0 });
      expect(await axe(siri), button).toEqual([]);
      if (button === "Oversikt") await screenshot(siri, "overview");
    }
    await siri.getByRole("button", { name: "Rapporter", exact: true }).click();
    await siri.locator(".pane.conversation").waitFor();
    await siri.close();
    expect(pageErrors).toEqual([]);
  });
});
