import { describe, expect, it } from "vitest";
import { CustomerConversations } from "../../src/core/customers/customer-conversations.js";
import { InMemoryStores } from "../support/in-memory-stores.js";

const AT = new Date("2026-11-23T09:00:00Z");

function setup() {
  const stores = new InMemoryStores();
  const alpha = stores.addOrganisation("alpha", "Alpha Kundeservice");
  const service = new CustomerConversations({
    conversations: stores.channelConversations,
    organisations: stores.organisationDirectory,
    staff: stores.users,
  });
  return { stores, alpha, service };
}

/** What the /widget namespace reads through the core (in-memory stores; test/channels runs it on a database). */
describe("the customer's conversations (in memory)", () => {
  it("knows a stored organisation by slug and by id, and none that is not stored", async () => {
    const { alpha, service } = setup();
    expect(await service.organisationId("alpha")).toBe(alpha.id);
    expect(await service.organisationSlug(alpha.id)).toBe("alpha");
    expect(await service.organisationId("gamma")).toBeNull();
    expect(await service.organisationSlug("no-such-id")).toBeNull();
  });

  it("finds a conversation as stored now, and null once it is gone", async () => {
    const { stores, alpha, service } = setup();
    const c = stores.addConversation(alpha.id, AT, { status: "queued" });
    expect(await service.find(c.id)).toMatchObject({ id: c.id, organisationId: alpha.id, status: "queued" });
    expect(await service.find("gone")).toBeNull();
  });

  it("names the agent only while one has the conversation", async () => {
    const { stores, alpha, service } = setup();
    const ola = stores.addStaff({ displayName: "Ola Nordmann", organisationId: alpha.id });
    expect(await service.agentOf({ status: "assigned", assignedAgentId: ola.id })).toEqual({ name: "Ola Nordmann" });
    // Queued or back with the bot: no agent, even if the row still names the last one.
    expect(await service.agentOf({ status: "queued", assignedAgentId: ola.id })).toBeNull();
    expect(await service.agentOf({ status: "bot", assignedAgentId: ola.id })).toBeNull();
    expect(await service.agentOf({ status: "assigned", assignedAgentId: null })).toBeNull();
    // An account that no longer exists has no name to show.
    expect(await service.agentOf({ status: "assigned", assignedAgentId: "deleted" })).toBeNull();
  });
});
