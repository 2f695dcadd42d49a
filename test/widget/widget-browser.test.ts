import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAIT_MS } from "../support/wait.js";
import {
  browserMissing,
  cspViolations,
  describeViolations,
  launchBrowser,
  officeHoursClock,
  type RunningApp,
  type RunningBrowser,
  seriousAxeViolations,
  startApp,
} from "./support/harness.js";

/**
 * The website widget end to end: the real app (bot, /widget and /agent
 * namespaces, SQLite) and the built widget.js in headless Chromium, used the
 * way a customer uses it. Agents take part through socket.io-client.
 */
const skip = await browserMissing();

const WAIT = { timeout: WAIT_MS };

describe.skipIf(skip)("website widget in Chromium", { timeout: 90_000 }, () => {
  let running: RunningApp;
  let browser: RunningBrowser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    running = await startApp({ clock: officeHoursClock() });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await browser?.close();
    await running?.close();
  });

  async function openWidget(org: string, lang = "nb"): Promise<{ context: BrowserContext; page: Page }> {
    const opened = await browser.newPage();
    await opened.page.goto(`${running.baseUrl}/?org=${org}&lang=${lang}`);
    await opened.page.locator(".launcher").click();
    await expect.poll(() => opened.page.locator(".panel").isVisible()).toBe(true);
    // Connected: the session named the organisation in the header.
    await opened.page
      .locator(".head h2")
      .filter({ hasNotText: /^(Kundeservice|Customer service)$/ })
      .waitFor(WAIT);
    return opened;
  }

  async function say(page: Page, text: string): Promise<void> {
    const input = page.locator("#skranke-input");
    await input.fill(text);
    await input.press("Enter");
  }

  const customerBubble = (page: Page, text: string) => page.locator(".msg.customer", { hasText: text });

  async function storedWithText(conversationId: string, text: string): Promise<number> {
    const rows = await running.app.context.repos.messages.list(conversationId);
    return rows.filter((m) => m.text === text).length;
  }

  const conversationOf = (page: Page, org: string) =>
    page.evaluate((o) => localStorage.getItem(`skranke:${o}:conv`), org) as Promise<string>;

  async function loginAgent(org: string, email: string, displayName: string): Promise<Socket> {
    const password = "korrekt-hest-batteri-stift";
    await running.app.context.services.accounts.createUser({
      email,
      displayName,
      role: "agent",
      organisationSlug: org,
      password,
    });
    const res = await fetch(`${running.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const socket = connect(`${running.baseUrl}/agent`, { auth: { token }, transports: ["websocket"] });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("hello", () => resolve());
      socket.once("connect_error", reject);
    });
    const presence = await socket.timeout(5000).emitWithAck("presence:set", { presence: "online" });
    expect(presence.ok).toBe(true);
    return socket;
  }

  it("answers a question from the knowledge base", async () => {
    const { page } = await openWidget("ror-ikt");
    // The privacy notice is there before the first message.
    await expect.poll(() => page.locator(".notice").textContent()).toContain("1 år");
    await say(page, "Hva er telefonnummeret til kundeservice?");
    await page.locator(".msg.bot", { hasText: "71 11 11 66" }).waitFor(WAIT);
    await customerBubble(page, "Hva er telefonnummeret").locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    // "Was this helpful?" on the answer is stored.
    await page.locator(".msg.bot", { hasText: "71 11 11 66" }).locator(".fb button", { hasText: "Ja" }).click();
    await page.locator(".fb", { hasText: "Takk for tilbakemeldingen" }).waitFor(WAIT);
    const conversationId = await conversationOf(page, "ror-ikt");
    await expect
      .poll(() => running.app.context.db.prisma.feedback.count({ where: { conversationId, helpful: true } }))
      .toBe(1);
  });

  it("runs under the demo page's Content-Security-Policy without one violation", async () => {
    const { page } = await openWidget("ror-ikt");
    await say(page, "Når har dere åpent?");
    await page.locator(".msg.bot", { hasText: "0800" }).waitFor(WAIT);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByLabel("Last ned samtalen").click()]);
    expect(download.suggestedFilename()).toMatch(/\.txt$/);
    // The policy is in force (a positive control), and nothing the widget does ran into it.
    expect(
      await page.evaluate(() => {
        const s = document.createElement("script");
        s.textContent = "window.__inline = true";
        document.head.appendChild(s);
        return "__inline" in window;
      }),
    ).toBe(false);
    await expect.poll(() => cspViolations(page)).toEqual([expect.stringMatching(/^script-src(-elem)? inline$/)]);
  });

  it("answers in English when the page asks for it", async () => {
    const { page } = await openWidget("ror-ikt", "en");
    expect(await page.locator(".launcher").getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator(".launcher").getAttribute("title")).toBe("Close chat");
    await say(page, "What is your phone number?");
    await page.locator(".msg.bot", { hasText: "71 11 11 66" }).waitFor(WAIT);
  });

  it("shows the bot's clarifying choices as buttons and sends the one clicked", async () => {
    const { page } = await openWidget("oslo-kommune");
    await say(page, "Hvordan baker jeg brød?");
    const group = page.getByRole("group", { name: "Velg et alternativ" });
    await group.waitFor(WAIT);
    const chip = group.getByRole("button").first();
    const label = (await chip.textContent()) as string;
    expect(label.length).toBeGreaterThan(0);
    const clicked = await chip.elementHandle();
    await chip.click();
    await customerBubble(page, label).locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    // The choices answered are gone (a later question may bring new ones).
    expect(await clicked?.evaluate((el) => el.isConnected)).toBe(false);
    const conversationId = await conversationOf(page, "oslo-kommune");
    expect(await storedWithText(conversationId, label)).toBe(1);
  });

  it("keeps the conversation over a reload", async () => {
    const { page } = await openWidget("ror-ikt");
    await say(page, "Hva er e-postadressen til kundeservice?");
    await page.locator(".msg.bot", { hasText: "kundeservice@ror-ikt.no" }).waitFor(WAIT);
    const before = await page.locator(".msg").count();
    const conversationId = await conversationOf(page, "ror-ikt");
    await page.reload();
    // The panel was open, so it opens again, with the same conversation.
    await page.locator(".msg.bot", { hasText: "kundeservice@ror-ikt.no" }).waitFor(WAIT);
    await expect.poll(() => page.locator(".msg").count()).toBe(before);
    expect(await customerBubble(page, "Hva er e-postadressen").count()).toBe(1);
    expect(await conversationOf(page, "ror-ikt")).toBe(conversationId);
  });

  it("queues a message typed offline and delivers it exactly once when back online", async () => {
    const { context, page } = await openWidget("ror-ikt");
    await say(page, "Hei");
    await customerBubble(page, "Hei").locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    const conversationId = await conversationOf(page, "ror-ikt");

    await context.setOffline(true);
    await page.locator(".banner", { hasText: "frakoblet" }).waitFor(WAIT);
    const text = "Denne skrev jeg uten nett";
    await say(page, text);
    const bubble = customerBubble(page, text);
    await bubble.waitFor(WAIT);
    expect(await bubble.getAttribute("data-state")).toBe("sending");
    await page.waitForTimeout(1500);
    expect(await storedWithText(conversationId, text)).toBe(0);
    // The outbox is in storage, so a reload or navigation would not lose it.
    expect(await page.evaluate(() => localStorage.getItem("skranke:ror-ikt:outbox"))).toContain(text);

    await context.setOffline(false);
    await bubble.locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    await expect.poll(() => storedWithText(conversationId, text)).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem("skranke:ror-ikt:outbox"))).toBe("[]");
    await page.reload();
    await customerBubble(page, text).waitFor(WAIT);
    expect(await customerBubble(page, text).count()).toBe(1);
    expect(await storedWithText(conversationId, text)).toBe(1);
  });

  it("reconnects by itself when the server drops the connection", async () => {
    const { page } = await openWidget("ror-ikt");
    // The first message stores the conversation.
    await say(page, "Hei");
    await customerBubble(page, "Hei").locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    const conversationId = await conversationOf(page, "ror-ikt");
    // Every customer socket is dropped from the server side ("io server disconnect": no automatic retry in Socket.IO).
    running.app.context.io.of("/widget").disconnectSockets(true);
    const text = "Er dere der fortsatt?";
    await say(page, text);
    await customerBubble(page, text).locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    expect(await storedWithText(conversationId, text)).toBe(1);
    expect(await conversationOf(page, "ror-ikt")).toBe(conversationId);
  });

  it("shows markup in messages as text, never as HTML", async () => {
    const { page } = await openWidget("ror-ikt");
    const attacks = ["<script>window.__xss = 1</script>", '<img src=x onerror="window.__xss = 2">'];
    for (const a of attacks) {
      await say(page, a);
      await customerBubble(page, a).locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    }
    const texts = await page.locator(".msg.customer .bubble").allTextContents();
    for (const a of attacks) expect(texts.some((t) => t.endsWith(a))).toBe(true);
    const injected = await page.evaluate(() => {
      const root = document.querySelector("[data-skranke]")?.shadowRoot;
      return {
        xss: (window as unknown as { __xss?: number }).__xss ?? null,
        elements: root?.querySelectorAll(".msgs img, .msgs script").length ?? -1,
      };
    });
    expect(injected).toEqual({ xss: null, elements: 0 });
  });

  it("hands over to a person: queue, the agent's name and messages, typing, missed messages, transcript and rating", async () => {
    const agent = await loginAgent("dnb", "kari@dnb.test", "Kari Nordmann");
    const fromCustomer: string[] = [];
    agent.on("message", (m: { role: string; text: string }) => {
      if (m.role === "customer") fromCustomer.push(m.text);
    });
    const { context, page } = await openWidget("dnb");
    await say(page, "Jeg vil snakke med noen om kortet mitt");
    await customerBubble(page, "kortet mitt").locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    await page.locator(".person", { hasText: "Snakk med en rådgiver" }).click();
    await page.locator(".queue", { hasText: /nummer 1 i køen/ }).waitFor(WAIT);

    const conversationId = await conversationOf(page, "dnb");
    const claimed = await agent.timeout(5000).emitWithAck("conversation:claim", { conversationId });
    expect(claimed.ok).toBe(true);
    await page.locator(".sub", { hasText: "Du snakker med Kari Nordmann" }).waitFor(WAIT);
    await expect.poll(() => page.locator(".queue").isVisible()).toBe(false);

    agent.emit("typing", { conversationId, typing: true });
    await page.locator(".typing", { hasText: "Kari Nordmann skriver" }).waitFor(WAIT);
    const hello = "Hei, jeg heter Kari. Hva gjelder det?";
    const sent = await agent.timeout(5000).emitWithAck("message", { conversationId, clientId: "a-1", text: hello });
    expect(sent.ok).toBe(true);
    const agentBubble = page.locator(".msg.agent", { hasText: hello });
    await agentBubble.waitFor(WAIT);
    expect(await page.locator(".msg.agent .who").first().textContent()).toBe("Kari Nordmann");

    await say(page, "Kortet er sperret");
    await expect.poll(() => fromCustomer).toContain("Kortet er sperret");

    // Offline while the agent writes: the customer gets it after reconnecting (history afterId).
    await context.setOffline(true);
    await page.locator(".banner", { hasText: "frakoblet" }).waitFor(WAIT);
    const missed = "Jeg har åpnet kortet igjen nå.";
    expect(
      (await agent.timeout(5000).emitWithAck("message", { conversationId, clientId: "a-2", text: missed })).ok,
    ).toBe(true);
    const xss = '<img src=x onerror="window.__xss = 3">';
    expect((await agent.timeout(5000).emitWithAck("message", { conversationId, clientId: "a-3", text: xss })).ok).toBe(
      true,
    );
    await page.waitForTimeout(500);
    expect(await page.locator(".msg.agent", { hasText: missed }).count()).toBe(0);
    await context.setOffline(false);
    await page.locator(".msg.agent", { hasText: missed }).waitFor(WAIT);
    await page.locator(".msg.agent", { hasText: xss }).waitFor(WAIT);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).toBeNull();

    // Transcript download.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByLabel("Last ned samtalen").click()]);
    expect(download.suggestedFilename()).toMatch(/^samtale-dnb-\d{4}-\d{2}-\d{2}\.txt$/);
    const transcript = readFileSync((await download.path()) as string, "utf8");
    expect(transcript).toContain(hello);
    expect(transcript).toContain("Kortet er sperret");

    // The agent closes: the customer rates the chat.
    const closed = await agent
      .timeout(5000)
      .emitWithAck("conversation:close", { conversationId, resolution: "resolved" });
    expect(closed.ok).toBe(true);
    await page.locator(".card h3", { hasText: "Hvordan var samtalen?" }).waitFor(WAIT);
    expect(await page.locator("#skranke-input").isDisabled()).toBe(true);
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.locator(".stars label").nth(3).click();
    await page.locator(".card textarea").fill("Rask hjelp");
    await page.locator(".card button", { hasText: "Send vurdering" }).click();
    await page.locator(".card", { hasText: "Takk for vurderingen" }).waitFor(WAIT);
    await expect
      .poll(async () => {
        const c = await running.app.context.db.prisma.conversation.findUnique({ where: { id: conversationId } });
        return c?.satisfaction ?? null;
      })
      .toBe(4);

    // A new chat starts a new conversation.
    await page.locator("button", { hasText: "Start en ny samtale" }).click();
    await expect.poll(() => conversationOf(page, "dnb")).not.toBe(conversationId);
    await expect.poll(() => page.locator("#skranke-input").isDisabled()).toBe(false);
  });

  it("offers the leave-a-message form when nobody can take the chat, with validated contact details", async () => {
    const { page } = await openWidget("move");
    await say(page, "Skriveren virker ikke");
    await customerBubble(page, "Skriveren").locator(".meta", { hasText: "Sendt" }).waitFor(WAIT);
    await page.locator(".person").click();
    const form = page.locator("form.card");
    await form.locator("h3", { hasText: "Legg igjen en melding" }).waitFor(WAIT);
    // Focus moved into the form.
    expect(
      await page.evaluate(() => document.querySelector("[data-skranke]")?.shadowRoot?.activeElement?.tagName),
    ).toBe("INPUT");
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await form.getByLabel("Melding").fill("Skriveren i 2. etasje skriver ikke ut.");
    await form.getByLabel("E-post").fill("ikke-en-adresse");
    await form.locator("button[type=submit]").click();
    await form.locator(".err", { hasText: "gyldig e-postadresse" }).waitFor(WAIT);
    expect(await form.getByLabel("E-post").getAttribute("aria-invalid")).toBe("true");
    await form.getByLabel("E-post").fill("");
    await form.getByLabel("Telefon").fill("912 34 567");
    await form.locator("button[type=submit]").click();
    await page.locator(".card", { hasText: "Meldingen er sendt" }).waitFor(WAIT);
    await expect
      .poll(() => running.app.context.db.prisma.offlineMessage.count({ where: { text: { contains: "2. etasje" } } }))
      .toBe(1);
  });

  it("works with the keyboard: focus moves into the panel, Escape closes and focus returns to the launcher", async () => {
    const { page } = await browser.newPage();
    await page.goto(`${running.baseUrl}/?org=oslo-kommune`);
    const activeInShadow = () =>
      page.evaluate(() => {
        const el = document.querySelector("[data-skranke]")?.shadowRoot?.activeElement as HTMLElement | null;
        return el ? el.id || el.className : null;
      });
    await page.locator(".launcher").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".panel").isVisible()).toBe(true);
    expect(await activeInShadow()).toBe("skranke-input");
    await page.keyboard.type("Hvilke kontaktpunkter finnes?");
    await page.keyboard.press("Enter");
    await customerBubble(page, "kontaktpunkter").waitFor(WAIT);
    // "Talk to a person" is reachable with Tab from the composer (backwards: action bar before it).
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await activeInShadow()).toBe("person");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".panel").isVisible()).toBe(false);
    expect(await activeInShadow()).toBe("launcher");
    expect(await page.locator(".launcher").getAttribute("aria-expanded")).toBe("false");
  });

  it("has no serious or critical axe violations on the demo page with the chat open", async () => {
    const { page } = await openWidget("ror-ikt");
    await say(page, "Hva er åpningstidene?");
    await page.locator(".msg.bot").nth(1).waitFor(WAIT);
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    // New messages are announced through a polite live region.
    expect(await page.locator("[aria-live=polite]").first().textContent()).not.toBe("");
  });
});
