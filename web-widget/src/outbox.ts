import { type KeyValue, readJson, writeJson } from "./storage.js";

/**
 * The customer's unsent messages. Every message gets a client id when it is
 * typed; it stays in the outbox (persisted, so a reload or navigation keeps
 * it) until the server acknowledges it as stored. Retries reuse the client
 * id, and the server stores a client id once, so a message is stored exactly
 * once however often the network drops. Messages go one at a time, in order;
 * one the server refuses as invalid is dropped from the outbox (shown as not
 * sent), so it never holds up the messages after it.
 */
export type DeliveryState = "sending" | "sent" | "retrying" | "failed" | "rejected";

export interface OutboxItem {
  clientId: string;
  text: string;
  value?: string;
  createdAt: string;
  attempts: number;
  state: DeliveryState;
}

/**
 * `retry`: try again by itself (network, overload). `rejected`: the server
 * refused the message itself (e.g. characters it cannot store): it leaves the
 * outbox for good, so later messages still go. Otherwise the message waits as
 * `failed` until the customer sends it again.
 */
export type SendOutcome = { ok: true; id: number } | { ok: false; retry: boolean; code: string; rejected?: boolean };

export interface OutboxOptions {
  store: KeyValue;
  send: (item: OutboxItem) => Promise<SendOutcome>;
  /** Called on every state change; `id` is the stored message id once sent. */
  onUpdate: (item: OutboxItem, id?: number) => void;
  /** Milliseconds to wait before attempt number `attempt` + 1. */
  backoff?: (attempt: number) => number;
  now?: () => Date;
  newId?: () => string;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

const KEY = "outbox";

export function defaultBackoff(attempt: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export function newClientId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class Outbox {
  private items: OutboxItem[];
  private online = false;
  private inFlight: string | null = null;
  private timer: unknown = null;
  private readonly o: Required<OutboxOptions>;

  constructor(options: OutboxOptions) {
    this.o = {
      backoff: defaultBackoff,
      now: () => new Date(),
      newId: newClientId,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
      ...options,
    };
    const saved = readJson<OutboxItem[]>(this.o.store, KEY, []);
    this.items = Array.isArray(saved)
      ? saved.filter((i) => i && typeof i.clientId === "string" && typeof i.text === "string")
      : [];
  }

  /** Messages not yet acknowledged, oldest first. */
  pending(): readonly OutboxItem[] {
    return this.items;
  }

  add(text: string, value?: string): OutboxItem {
    const item: OutboxItem = {
      clientId: this.o.newId(),
      text,
      ...(value !== undefined ? { value } : {}),
      createdAt: this.o.now().toISOString(),
      attempts: 0,
      state: "sending",
    };
    this.items.push(item);
    this.save();
    this.o.onUpdate(item);
    this.pump();
    return item;
  }

  /** Connected: send now (a fresh connection skips any backoff). Disconnected: hold. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) {
      this.cancelTimer();
      this.pump();
    }
  }

  /** A failed message the customer asked to send again. */
  retry(clientId: string): void {
    const item = this.items.find((i) => i.clientId === clientId);
    if (item?.state !== "failed") return;
    item.state = "sending";
    item.attempts = 0;
    this.save();
    this.o.onUpdate(item);
    this.pump();
  }

  /** The server showed it has the message (an echo or history): no need to send it again. */
  confirm(clientId: string, id: number): void {
    const item = this.items.find((i) => i.clientId === clientId);
    if (!item) return;
    this.remove(item);
    item.state = "sent";
    this.o.onUpdate(item, id);
  }

  private pump(): void {
    if (!this.online || this.inFlight !== null || this.timer !== null) return;
    const item = this.items.find((i) => i.state !== "failed");
    if (!item) return;
    this.inFlight = item.clientId;
    item.attempts += 1;
    this.o.send(item).then(
      (outcome) => this.settle(item, outcome),
      (err: unknown) => this.settle(item, { ok: false, retry: true, code: String(err) }),
    );
  }

  private settle(item: OutboxItem, outcome: SendOutcome): void {
    this.inFlight = null;
    const stillPending = this.items.includes(item);
    if (outcome.ok) {
      if (stillPending) {
        this.remove(item);
        item.state = "sent";
        this.o.onUpdate(item, outcome.id);
      }
    } else if (stillPending && outcome.rejected) {
      this.remove(item);
      item.state = "rejected";
      this.o.onUpdate(item);
    } else if (stillPending) {
      item.state = outcome.retry ? "retrying" : "failed";
      this.save();
      this.o.onUpdate(item);
      if (outcome.retry) {
        this.timer = this.o.setTimer(() => {
          this.timer = null;
          this.pump();
        }, this.o.backoff(item.attempts));
        return;
      }
    }
    this.pump();
  }

  private remove(item: OutboxItem): void {
    this.items = this.items.filter((i) => i !== item);
    this.save();
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.o.clearTimer(this.timer);
      this.timer = null;
    }
  }

  private save(): void {
    writeJson(this.o.store, KEY, this.items);
  }
}
