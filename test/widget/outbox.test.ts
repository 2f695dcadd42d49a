import { describe, expect, it } from "vitest";
import { Outbox, type OutboxItem, type SendOutcome } from "../../web-widget/src/outbox.js";
import { memoryStore } from "../../web-widget/src/storage.js";
import { isEmail, isPhone, validateLeaveMessage } from "../../web-widget/src/validate.js";

/** A fake /widget server: stores a client id once, like MessageRepository.append. */
function fakeServer() {
  const stored = new Map<string, { id: number; text: string }>();
  let next = 1;
  return {
    stored,
    store(item: OutboxItem): { id: number; duplicate: boolean } {
      const existing = stored.get(item.clientId);
      if (existing) return { id: existing.id, duplicate: true };
      const row = { id: next++, text: item.text };
      stored.set(item.clientId, row);
      return { id: row.id, duplicate: false };
    },
  };
}

function manualTimers() {
  const due: Array<() => void> = [];
  return {
    setTimer: (fn: () => void) => {
      due.push(fn);
      return fn;
    },
    clearTimer: (t: unknown) => {
      const i = due.indexOf(t as () => void);
      if (i >= 0) due.splice(i, 1);
    },
    fire() {
      const fns = due.splice(0);
      for (const fn of fns) fn();
    },
    get pending() {
      return due.length;
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("outbox", () => {
  it("sends messages one at a time, in order, and forgets them once acknowledged", async () => {
    const server = fakeServer();
    const order: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const updates: Array<[string, string, number | undefined]> = [];
    const outbox = new Outbox({
      store: memoryStore(),
      send: async (item) => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await flush();
        order.push(item.text);
        concurrent--;
        return { ok: true, id: server.store(item).id };
      },
      onUpdate: (item, id) => updates.push([item.text, item.state, id]),
    });
    outbox.setOnline(true);
    outbox.add("én");
    outbox.add("to");
    outbox.add("tre");
    for (let i = 0; i < 10; i++) await flush();
    expect(order).toEqual(["én", "to", "tre"]);
    expect(maxConcurrent).toBe(1);
    expect(outbox.pending()).toHaveLength(0);
    expect(updates.filter((u) => u[1] === "sent").map((u) => u[2])).toEqual([1, 2, 3]);
  });

  it("holds messages while offline and keeps them in storage across a reload", async () => {
    const store = memoryStore();
    const server = fakeServer();
    const send = async (item: OutboxItem): Promise<SendOutcome> => ({ ok: true, id: server.store(item).id });
    const first = new Outbox({ store, send, onUpdate: () => {} });
    first.add("skrevet uten nett");
    await flush();
    expect(server.stored.size).toBe(0);
    // The page reloads: a new outbox reads the same storage.
    const second = new Outbox({ store, send, onUpdate: () => {} });
    expect(second.pending().map((i) => i.text)).toEqual(["skrevet uten nett"]);
    second.setOnline(true);
    for (let i = 0; i < 5; i++) await flush();
    expect([...server.stored.values()].map((r) => r.text)).toEqual(["skrevet uten nett"]);
    expect(second.pending()).toHaveLength(0);
    expect(new Outbox({ store, send, onUpdate: () => {} }).pending()).toHaveLength(0);
  });

  it("retries with the same client id until acknowledged, so a lost ack never stores twice", async () => {
    const server = fakeServer();
    const timers = manualTimers();
    const clientIds: string[] = [];
    let attempt = 0;
    const states: string[] = [];
    const outbox = new Outbox({
      store: memoryStore(),
      send: async (item) => {
        clientIds.push(item.clientId);
        attempt++;
        const { id } = server.store(item);
        // The first two acks are lost on the way back (stored, but the client never hears it).
        if (attempt <= 2) return { ok: false, retry: true, code: "timeout" };
        return { ok: true, id };
      },
      onUpdate: (item) => states.push(item.state),
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
    });
    outbox.setOnline(true);
    outbox.add("hei");
    await flush();
    expect(states).toEqual(["sending", "retrying"]);
    expect(timers.pending).toBe(1);
    timers.fire();
    await flush();
    // A reconnect skips the rest of the backoff.
    outbox.setOnline(false);
    outbox.setOnline(true);
    await flush();
    expect(new Set(clientIds).size).toBe(1);
    expect(clientIds).toHaveLength(3);
    expect(server.stored.size).toBe(1);
    expect(states.at(-1)).toBe("sent");
    expect(outbox.pending()).toHaveLength(0);
  });

  it("marks a refused message failed, goes on with the next, and resends it when asked", async () => {
    const server = fakeServer();
    let refuse = true;
    const outbox = new Outbox({
      store: memoryStore(),
      send: async (item) => {
        if (item.text === "dårlig" && refuse) return { ok: false, retry: false, code: "conflict" };
        return { ok: true, id: server.store(item).id };
      },
      onUpdate: () => {},
    });
    outbox.setOnline(true);
    const bad = outbox.add("dårlig");
    outbox.add("god");
    for (let i = 0; i < 5; i++) await flush();
    expect(outbox.pending().map((i) => [i.text, i.state])).toEqual([["dårlig", "failed"]]);
    refuse = false;
    outbox.retry(bad.clientId);
    for (let i = 0; i < 5; i++) await flush();
    expect(outbox.pending()).toHaveLength(0);
    expect([...server.stored.values()].map((r) => r.text)).toEqual(["god", "dårlig"]);
  });

  it("drops a message the server rejects as invalid for good, shows it as not sent, and sends the next", async () => {
    const server = fakeServer();
    const store = memoryStore();
    const updates: Array<[string, string]> = [];
    const attempts: string[] = [];
    const outbox = new Outbox({
      store,
      send: async (item) => {
        attempts.push(item.text);
        if (item.text.includes("\u0000")) return { ok: false, retry: false, code: "invalid_input", rejected: true };
        return { ok: true, id: server.store(item).id };
      },
      onUpdate: (item) => updates.push([item.text, item.state]),
    });
    outbox.setOnline(true);
    outbox.add("hei\u0000du");
    outbox.add("neste");
    outbox.add("og en til");
    for (let i = 0; i < 6; i++) await flush();
    expect(updates).toContainEqual(["hei\u0000du", "rejected"]);
    expect([...server.stored.values()].map((r) => r.text)).toEqual(["neste", "og en til"]);
    expect(outbox.pending()).toEqual([]);
    // Not in storage either: a reload does not send it again.
    const reloaded = new Outbox({ store, send: async () => ({ ok: true, id: 99 }), onUpdate: () => {} });
    expect(reloaded.pending()).toEqual([]);
    expect(attempts.filter((t) => t.includes("\u0000"))).toHaveLength(1);
  });

  it("drops a message the server has shown it already stored (an echo or history)", async () => {
    const sent: string[] = [];
    const outbox = new Outbox({
      store: memoryStore(),
      send: async (item) => {
        sent.push(item.text);
        return { ok: true, id: 1 };
      },
      onUpdate: () => {},
    });
    const item = outbox.add("allerede lagret");
    outbox.confirm(item.clientId, 7);
    outbox.setOnline(true);
    await flush();
    expect(sent).toEqual([]);
    expect(outbox.pending()).toHaveLength(0);
  });
});

describe("leave-a-message validation", () => {
  it("accepts Norwegian and international phone numbers and rejects junk", () => {
    for (const ok of ["91234567", "912 34 567", "+47 912 34 567", "0047 91234567", "+46 70 123 45 67"]) {
      expect(isPhone(ok), ok).toBe(true);
    }
    for (const bad of ["1234", "9123456", "+47 1234", "ring meg", "912345678", "+1 23"]) {
      expect(isPhone(bad), bad).toBe(false);
    }
  });

  it("checks e-mail addresses", () => {
    expect(isEmail("kari@example.no")).toBe(true);
    expect(isEmail(" kari.nordmann@post.oslo.kommune.no ")).toBe(true);
    for (const bad of ["kari", "kari@", "kari@example", "kari @example.no", "@example.no"]) {
      expect(isEmail(bad), bad).toBe(false);
    }
  });

  it("needs e-mail or phone, and a message", () => {
    expect(validateLeaveMessage({ name: "", email: "", phone: "", text: "" })).toEqual({ contact: true, text: true });
    expect(validateLeaveMessage({ name: "", email: "x", phone: "", text: "hei" })).toEqual({ email: true });
    expect(validateLeaveMessage({ name: "", email: "", phone: "912 34 567", text: "hei" })).toEqual({});
  });
});
