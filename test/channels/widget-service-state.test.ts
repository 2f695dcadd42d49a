import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceState } from "../../src/protocol/widget.js";
import { AgentClient, createStaff, freshDatabase, type Server, startServer } from "../handoff/support/harness.js";
import { WidgetCustomer } from "../handoff/support/widget-customer.js";
import { RunningClock } from "../support/running-clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";

const skip = await shouldSkip(PRIMARY_PROVIDER);

/**
 * The `service` event (src/protocol/widget.ts): when an agent of an
 * organisation goes online, away or offline, every customer connected to
 * that organisation's widget is told whether someone can answer now, and
 * customers of other organisations are not. DNB's customer service is open
 * around the clock, so the test holds at any hour.
 */
describe.skipIf(skip)("the widget's live service state", { timeout: 60_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  const sockets: Array<{ close(): void }> = [];

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
    await cleanup?.();
  });

  const services = (c: WidgetCustomer) =>
    c.received.filter((r) => r.event === "service").map((r) => r.payload as ServiceState);

  it("tells an organisation's customers when its agents go online, away and offline, and nobody else", async () => {
    const dnb = await WidgetCustomer.connect(server.url, { org: "dnb" });
    const otherTab = await WidgetCustomer.connect(server.url, { org: "dnb" });
    const ror = await WidgetCustomer.connect(server.url, { org: "ror-ikt" });
    sockets.push(dnb, otherTab, ror);
    expect(dnb.session?.organisation).toMatchObject({ open: true, agentsOnline: false });

    const { token } = await createStaff(server, { email: "ola@dnb.test", role: "agent", org: "dnb", name: "Ola" });
    const ola = await AgentClient.connect(server.url, token);
    sockets.push(ola);
    for (const c of [dnb, otherTab]) {
      expect(await c.waitFor<ServiceState>("service", (s) => s.agentsOnline)).toEqual({
        open: true,
        agentsOnline: true,
      });
    }

    await ola.ok("presence:set", { presence: "away" });
    expect(await dnb.waitFor<ServiceState>("service", (s) => !s.agentsOnline)).toEqual({
      open: true,
      agentsOnline: false,
    });
    await ola.ok("presence:set", { presence: "online" });
    await expect.poll(() => services(dnb).at(-1)?.agentsOnline).toBe(true);

    // The console closes: offline.
    const before = services(dnb).length;
    ola.close();
    await expect.poll(() => services(dnb).length).toBeGreaterThan(before);
    expect(services(dnb).at(-1)).toEqual({ open: true, agentsOnline: false });

    // ROR-IKT's customer hears of ROR-IKT's agents only: its first `service` event is the one its own agent caused.
    const kari = await createStaff(server, { email: "kari@ror-ikt.test", role: "agent", org: "ror-ikt" });
    sockets.push(await AgentClient.connect(server.url, kari.token));
    await ror.waitFor("service");
    expect(services(ror)).toHaveLength(1);
    const rorOpen = (ror.session?.organisation as { open?: boolean } | undefined)?.open === true;
    // Outside ROR-IKT's hours an agent online still leaves "closed" in the header.
    expect(services(ror)[0]).toEqual({ open: rorOpen, agentsOnline: rorOpen });
  });
});

/** Move's Service Desk closes at 16:00 on working days: an open widget's header follows the clock too. */
describe.skipIf(skip)("the widget's service state at closing time", { timeout: 90_000 }, () => {
  // Wednesday 2 December 2026, 15:59:30 in Oslo.
  const clock = new RunningClock(new Date("2026-12-02T14:59:30Z"));
  let server: Server;
  let cleanup: () => Promise<void>;
  let customer: WidgetCustomer | undefined;

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config, { clock });
  }, 60_000);

  afterAll(async () => {
    customer?.close();
    await server?.close();
    await cleanup?.();
  });

  it("tells the customer when the service closes", async () => {
    customer = await WidgetCustomer.connect(server.url, { org: "move" });
    expect(customer.session?.organisation).toMatchObject({ open: true, agentsOnline: false });
    clock.advance(60_000);
    // Opening hours are looked at every 15 seconds.
    expect(await customer.waitFor<ServiceState>("service", (s) => !s.open, 40_000)).toEqual({
      open: false,
      agentsOnline: false,
    });
  });
});
