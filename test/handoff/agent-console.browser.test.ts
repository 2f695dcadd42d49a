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
const XSS = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Hjelp!`;

/** The agent console in headless Chromium: log in, claim, chat with a customer, close, the message inbox. */
describe.skipIf(skip)("the agent console in a browser", { timeout: 90_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let customer: Customer;
  let siriToken: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
    await createStaff(server, { email: "kari@ror-ikt.no", role: "agent", org: "ror-ikt", name: "Kari" });
    siriToken = (
      await createStaff(server, { email: "siri@ror-ikt.no", role: "supervisor", org: "ror-ikt", name: "Siri" })
    ).token;
    const org = await server.app.context.repos.organisations.findBySlug("ror-ikt");
    await server.app.context.repos.cannedResponses.create({
      organisationId: org?.id as string,
      title: "Takk for ventetiden",
      text: "Takk for at du ventet!",
      language: "nb",
      now: new Date(),
    });
    browser = await launch();
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(String(err)));
  }, 60_000);

  afterAll(async () => {
    customer?.stop();
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });

  /** Screenshots for a person to look at, when SKRANKE_SCREENSHOT_DIR is set. */
  async function screenshot(name: string): Promise<void> {
    const dir = process.env.SKRANKE_SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/agent-console-${name}.png`, fullPage: true });
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

  it("serves the console with a strict content security policy", async () => {
    const res = await fetch(`${server.url}/agent-console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect((await fetch(`${server.url}/agent-console/console.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/agent-console/src/main.ts`)).status).toBe(404);
    expect((await fetch(`${server.url}/agent-console/..%2Fpackage.json`)).status).toBe(404);
    const redirect = await fetch(`${server.url}/agent-console`, { redirect: "manual" });
    expect(redirect.status).toBe(301);
  });

  it("refuses a wrong password, then logs in", async () => {
    await page.goto(`${server.url}/agent-console/`);
    await page.getByLabel("E-post").fill("kari@ror-ikt.no");
    await page.getByLabel("Passord").fill("wrong password!");
    await page.getByRole("button", { name: "Logg inn" }).click();
    await expect.poll(() => page.locator("#login-status").textContent()).toBe("Feil e-post eller passord.");
    expect(await axeViolations()).toEqual([]);
    await page.getByLabel("Passord").fill(PASSWORD);
    await page.getByLabel("Passord").press("Enter");
    await page.getByRole("heading", { name: /^Kø \(0\)/ }).waitFor();
    const org = await server.app.context.repos.organisations.findBySlug("ror-ikt");
    await eventually(() => server.app.context.services.handoff.agentsOnline(org?.id as string));
  });

  it("shows a waiting customer live, the script-tag payload as text", async () => {
    customer = await Customer.start(server, "ror-ikt", "Anne", XSS);
    expect(await customer.requestHandoff("Printer")).toMatchObject({ status: "queued" });
    const item = page.locator(".queue-item").first();
    await item.waitFor();
    expect(await item.locator(".first-words").textContent()).toBe(XSS);
    expect(await page.locator(".queue-item img, .queue-item script").count()).toBe(0);
    expect(await item.textContent()).toContain("ROR-IKT Kundeservice");
    expect(await item.textContent()).toContain("Kunden ba om å snakke med en person");
  });

  it("claims with the keyboard and shows the whole transcript and why it escalated", async () => {
    await page.getByRole("button", { name: /^Ta samtalen/ }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Samtale med Anne" }).waitFor();
    const transcript = page.locator("#transcript");
    expect(await transcript.locator(".msg-customer .msg-text").first().textContent()).toBe(XSS);
    expect(await axeViolations()).toEqual([]);
    expect(await transcript.locator(".msg-bot").count()).toBe(1);
    expect(await transcript.locator("img, script").count()).toBe(0);
    expect(await page.locator(".escalation").textContent()).toContain("Printer");
    expect(await customer.status()).toBe("assigned");
    // Focus went to the reply box.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("reply");
  });

  it("chats with the customer, with typing indicators both ways", async () => {
    await page.locator("#reply").pressSequentially("Hei Anne");
    await eventually(() => customer.of("typing").some((e) => e.from === "agent" && e.typing));
    await page.locator("#reply").press("Enter");
    await eventually(() =>
      customer.of("message").some((m) => m.message.role === "agent" && m.message.text === "Hei Anne"),
    );
    const sent = customer.of("message").find((m) => m.message.role === "agent");
    expect(sent?.message.authorName).toBe("Kari");

    customer.typing(true);
    await expect.poll(() => page.locator("#typing").textContent()).toBe("Kunden skriver …");
    await customer.say(`Svar: ${XSS}`);
    await page.locator(".msg-customer .msg-text", { hasText: "Svar:" }).waitFor();
    expect(await page.locator("#typing").textContent()).toBe("");
    expect(await page.locator("#transcript img, #transcript script").count()).toBe(0);
  });

  it("inserts a canned response and a knowledge-base answer, and keeps internal notes", async () => {
    // The organisation's own (knowledge/ror-ikt/canned-responses.json) first, then those added in the console.
    const options = page.locator(".canned-option .canned-name");
    expect(await options.first().textContent()).toBe("Hilsen");
    expect(await options.allTextContents()).toContain("Takk for ventetiden");
    await page.locator(".canned-option", { hasText: "Takk for ventetiden" }).click();
    expect(await page.locator("#reply").inputValue()).toBe("Takk for at du ventet!");
    await page.locator("#reply").fill("");
    await page.getByLabel("Søk i kunnskapsbasen").fill("telefonnummer kundeservice");
    await page.getByRole("button", { name: "Søk" }).click();
    const first = page.locator("#knowledge-results li").first();
    await first.waitFor();
    const answer = await first.locator(".answer").textContent();
    expect(answer).toContain("71 11 11 66");
    await first.getByRole("button").click();
    expect(await page.locator("#reply").inputValue()).toBe(answer);
    await page.locator("#reply").fill("");

    await page.getByLabel("Nytt notat").fill("Kunden har <b>ringt</b> før");
    await page.getByRole("button", { name: "Legg til notat" }).click();
    await page.locator(".note-text", { hasText: "ringt" }).waitFor();
    expect(await page.locator(".note-text").first().textContent()).toBe("Kunden har <b>ringt</b> før");
    expect(JSON.stringify(customer.events)).not.toContain("ringt");
    expect(await axeViolations()).toEqual([]);
    await screenshot("conversation");
  });

  it("switches to English and back", async () => {
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: /^Queue/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByRole("button", { name: "Norsk" }).click();
    await page.getByRole("heading", { name: /^Kø/ }).waitFor();
  });

  it("closes the chat with a resolution", async () => {
    await page.getByRole("button", { name: "Avslutt …" }).click();
    await page.getByRole("dialog").getByLabel("Utfall").selectOption("resolved");
    await page.getByRole("dialog").getByRole("button", { name: "Avslutt", exact: true }).click();
    await page.getByText("Velg en samtale i køen eller blant dine samtaler.").waitFor();
    const row = await server.app.context.repos.conversations.findById(customer.conversationId);
    expect(row).toMatchObject({ status: "closed", resolution: "resolved" });
    expect(customer.of("agent:left").at(-1)).toMatchObject({ reason: "closed" });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it("shows a message left while closed live, opens its chat, and marks it handled", async () => {
    const { services, repos } = server.app.context;
    const org = await repos.organisations.findBySlug("ror-ikt");
    const organisationId = org?.id as string;
    await page.getByRole("tab", { name: /^Meldinger/ }).click();
    expect(await page.locator("#inbox-count").textContent()).toBe("0");
    const left = await Customer.start(server, "ror-ikt", "Per", "Fakturaen min er feil");
    left.stop();
    const request = await services.offlineMessages.leave({
      organisationId,
      conversationId: left.conversationId,
      name: XSS,
      email: "per@example.no",
      phone: "915 55 555",
      text: `Ring meg! ${XSS}`,
      language: "en",
    });
    const item = page.locator(".inbox-item");
    await item.waitFor();
    expect(await page.locator("#inbox-count").textContent()).toBe("1");
    expect(await page.locator(".topbar .inbox-link .count").textContent()).toBe("1");
    expect(await item.locator(".name").textContent()).toBe(XSS);
    expect(await item.locator(".offline-text").textContent()).toBe(`Ring meg! ${XSS}`);
    expect(await page.locator(".inbox-item img, .inbox-item script").count()).toBe(0);
    expect(await item.getByRole("link", { name: "per@example.no" }).getAttribute("href")).toBe("mailto:per@example.no");
    expect(await item.getByRole("link", { name: "+4791555555" }).getAttribute("href")).toBe("tel:+4791555555");
    expect(await item.textContent()).toContain("engelsk");
    expect(await item.textContent()).toContain("Lagt igjen");

    // The chat it was left from, to read before calling back.
    await item.getByRole("button", { name: /^Vis samtalen/ }).click();
    await page.getByRole("heading", { name: "Samtale med Per" }).waitFor();
    expect(await page.locator("#transcript .msg-customer .msg-text").first().textContent()).toBe(
      "Fakturaen min er feil",
    );
    expect(await page.locator(".not-yours").textContent()).toContain("Åpnet fra en melding");
    expect(await page.locator("#reply").count()).toBe(0);
    expect(await axeViolations()).toEqual([]);
    await screenshot("inbox");

    // Marked handled with the keyboard: gone from the list, the chat now human-involved.
    await item.getByRole("button", { name: /^Merk som behandlet/ }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Ingen meldinger venter.").waitFor();
    expect(await page.locator("#inbox-count").textContent()).toBe("0");
    const stored = await repos.offlineMessages.findById(request.id);
    const kari = await repos.users.findByEmail("kari@ror-ikt.no");
    expect(stored?.handledById).toBe(kari?.id);
    expect((await repos.conversations.findById(left.conversationId))?.humanInvolved).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("inbox-title");

    // Handled by a colleague meanwhile (the push missed): pressing the button says who and when.
    const other = await services.offlineMessages.leave({
      organisationId,
      email: "ola@example.no",
      text: "Hei, ring meg",
      language: "nb",
    });
    await page.locator(".inbox-item").waitFor();
    expect(await page.locator(".inbox-item .name").textContent()).toBe("Anonym kunde");
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: /^Messages/ }).waitFor();
    expect(await page.locator(".inbox-item").textContent()).toContain("Norwegian");
    await page.getByRole("button", { name: "Norsk" }).click();
    const siri = await services.accounts.authenticate(siriToken);
    if (!siri) throw new Error("siri has no session");
    expect(await repos.offlineMessages.markHandled(other.id, siri.userId, new Date())).toBe(true);
    await page.getByRole("button", { name: /^Merk som behandlet/ }).click();
    await expect.poll(() => page.locator(".notice").textContent()).toContain("Siri hadde allerede behandlet meldingen");
    await page.getByText("Ingen meldinger venter.").waitFor();

    // One a colleague handles disappears here at once.
    const third = await services.offlineMessages.leave({
      organisationId,
      phone: "22 22 22 22",
      text: "Ring etter klokka 16",
      language: "nb",
    });
    await page.locator(".inbox-item").waitFor();
    expect((await services.offlineInbox.handle(siri, third.id)).status).toBe("handled");
    await page.getByText("Ingen meldinger venter.").waitFor();
    expect(await page.locator("#inbox-count").textContent()).toBe("0");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it("shows a supervisor the overview: queue, agents online, handled and abandoned today", async () => {
    await page.getByRole("button", { name: "Logg ut" }).click();
    await page.getByLabel("E-post").fill("siri@ror-ikt.no");
    await page.getByLabel("Passord").fill(PASSWORD);
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.getByRole("button", { name: "Oversikt" }).click();
    await page.getByRole("heading", { name: "Oversikt" }).waitFor();
    const figure = (label: string) =>
      page
        .locator(".figure", { has: page.locator("dt", { hasText: label }) })
        .locator("dd")
        .textContent();
    await expect.poll(() => figure("Behandlet i dag")).toBe("1");
    expect(await figure("I kø")).toBe("0");
    expect(await figure("Forlatt i dag")).toBe("0");
    await expect.poll(() => figure("Agenter tilgjengelig")).toBe("1");
    expect(await page.locator(".agents").textContent()).toContain("Siri");
    // Supervisors maintain canned responses: the shipped ones are marked and changed in the knowledge base.
    await page.getByRole("button", { name: "Hurtigsvar" }).click();
    await page.locator(".canned-admin-list").getByText("Takk for ventetiden (nb)").waitFor();
    expect(await page.locator(".canned-admin").textContent()).toContain("knowledge/ror-ikt/canned-responses.json");
    expect(await page.getByRole("button", { name: "Slett: Hilsen" }).count()).toBe(0);
    await page.getByLabel("Tittel").fill("Avslutning");
    await page.getByLabel("Tekst", { exact: true }).fill("Ha en fin dag!");
    await page.getByRole("button", { name: "Legg til hurtigsvar" }).click();
    await page.locator(".canned-admin-list").getByText("Avslutning (nb)").waitFor();
    await page.getByRole("button", { name: "Slett: Takk for ventetiden" }).click();
    await page.locator(".canned-admin-list").getByText("Takk for ventetiden (nb)").waitFor({ state: "detached" });
    const org = await server.app.context.repos.organisations.findBySlug("ror-ikt");
    const stored = await server.app.context.repos.cannedResponses.list(org?.id as string);
    expect(stored.map((r) => r.title)).toEqual(["Avslutning"]);
    expect(await axeViolations()).toEqual([]);
    await screenshot("supervisor");
  });
});
