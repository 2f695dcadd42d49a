import path from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import type { HandoffPort } from "../../src/core/handoff/handoff-port.js";
import { PersonRequests } from "../../src/core/handoff/person-requests.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const knowledge = loadKnowledgeBase(path.resolve(import.meta.dirname, "../../knowledge"));
const org = knowledge.organisations.get("ror-ikt")!;
const oslo = (local: string) => DateTime.fromISO(local, { zone: "Europe/Oslo" }).toJSDate();

/** A queue that records what reached it. */
function queue(online: boolean) {
  const requests: string[] = [];
  const port: Pick<HandoffPort, "requestHandoff" | "agentsOnline"> = {
    async requestHandoff(input) {
      requests.push(input.conversationId);
      if (!online) return { status: "no_agents" };
      return { status: "queued", handoffId: "h1", position: 1, estimatedWaitSeconds: 60 };
    },
    async agentsOnline() {
      return online;
    },
  };
  return { port, requests };
}

const request = { conversationId: "c1", org, reason: "customer_request" as const, summary: null };

describe("request a person (one rule for the widget button, the handoff dialog and handoff.initiate)", () => {
  it("queues on a weekday within opening hours when an agent is online", async () => {
    const q = queue(true);
    const persons = new PersonRequests(q.port, new FixedClock(oslo("2026-12-02T10:00")));
    expect(await persons.availability(org, "o1")).toEqual({ status: "available" });
    expect((await persons.request({ ...request, status: "bot" })).status).toBe("queued");
    expect(q.requests).toEqual(["c1"]);
  });

  it("says when it opens outside opening hours, without queueing", async () => {
    const q = queue(true);
    const persons = new PersonRequests(q.port, new FixedClock(oslo("2026-12-05T12:00")));
    const result = await persons.request({ ...request, status: "bot" });
    expect(result.status).toBe("closed");
    expect(result.status === "closed" && result.opensAt && result.opensAt > oslo("2026-12-05T12:00")).toBe(true);
    expect(q.requests).toEqual([]);
  });

  it("names the public holiday that closes the service", async () => {
    const persons = new PersonRequests(queue(true).port, new FixedClock(oslo("2027-05-17T10:00")));
    expect(await persons.availability(org, "o1")).toMatchObject({ status: "closed", holiday: "Grunnlovsdagen" });
  });

  it("offers a message when nobody is online", async () => {
    const persons = new PersonRequests(queue(false).port, new FixedClock(oslo("2026-12-02T10:00")));
    expect(await persons.availability(org, "o1")).toEqual({ status: "no_agents" });
    expect((await persons.request({ ...request, status: "bot" })).status).toBe("no_agents");
  });

  it("leaves a waiting or assigned chat as it is, and refuses an ended one", async () => {
    const q = queue(true);
    const persons = new PersonRequests(q.port, new FixedClock(oslo("2026-12-05T12:00")));
    expect(await persons.request({ ...request, status: "queued" })).toEqual({
      status: "already",
      conversationStatus: "queued",
    });
    expect(await persons.request({ ...request, status: "assigned" })).toEqual({
      status: "already",
      conversationStatus: "assigned",
    });
    await expect(persons.request({ ...request, status: "closed" })).rejects.toMatchObject({ code: "conflict" });
    expect(q.requests).toEqual([]);
  });
});
