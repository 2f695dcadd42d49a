import { EventEmitter } from "node:events";
import type { OfflineMessageView } from "../offline/offline-message-view.js";
import type { QueueVersion } from "./queue-sequence.js";
import type { WaitBasis } from "./wait-estimate.js";

/**
 * Events for staff only (the /agent namespace): internal notes, assignment
 * changes, presence, numbered queue changes and leave-a-message requests.
 * Kept apart from the ConversationEventBus, which customer channels listen
 * to, so nothing here can reach a customer by mistake.
 */
/** What the queue shows of one waiting customer, apart from their place in it. */
export interface QueueEntryView {
  handoffId: string;
  conversationId: string;
  organisationId: string;
  organisationSlug: string;
  organisationName: string;
  requestedAt: string;
  /** As of when this view was made. */
  waitingSeconds: number;
  reason: string;
  summary: string | null;
  /** The customer's first message (shortened), shown as text. */
  firstWords: string | null;
  language: string;
  customerConnected: boolean;
  /** Put back in the queue by a transfer. */
  transferred: boolean;
}

/** A waiting customer in a queue snapshot: the entry with its place and wait estimate. */
export interface QueueItem extends QueueEntryView {
  position: number;
  estimatedWaitSeconds: number;
}

/**
 * One change of an organisation's queue. Positions follow from the order
 * (request time, then handoff id) and estimates from `wait`, so a change
 * carries only the customer it is about.
 */
export type QueueChange =
  | { type: "join"; entry: QueueEntryView }
  | { type: "update"; entry: QueueEntryView }
  | { type: "leave"; conversationId: string }
  /** Only the wait estimates moved (an agent came, went or finished a chat). */
  | { type: "estimates" };

export interface QueueDelta extends QueueVersion {
  organisationId: string;
  change: QueueChange;
  /** The organisation's wait-estimate inputs after the change. */
  wait: WaitBasis;
}

export interface NoteView {
  id: string;
  conversationId: string;
  author: { id: string; displayName: string } | null;
  text: string;
  createdAt: string;
}

export type AssignmentChange =
  | "claimed"
  | "transferred"
  | "requeued"
  | "released"
  | "closed"
  | "customer_ended"
  | "cancelled"
  | "abandoned";

export type StaffEvent =
  | { type: "queue"; organisationId: string; delta: QueueDelta }
  | {
      type: "assignment";
      change: AssignmentChange;
      conversationId: string;
      organisationId: string;
      status: "bot" | "queued" | "assigned" | "closed";
      /** Who has it now. */
      agent: { id: string; displayName: string } | null;
      /** Who had it before the change, if anyone. */
      previousAgent: { id: string; displayName: string } | null;
      by: { id: string; displayName: string } | null;
    }
  | { type: "note"; organisationId: string; note: NoteView }
  | {
      type: "presence";
      organisationId: string | null;
      agent: { id: string; displayName: string };
      presence: "online" | "away" | "offline";
    }
  | { type: "customer"; organisationId: string; conversationId: string; connected: boolean }
  /** A leave-a-message request was left, or a member of staff handled one. */
  | { type: "offline"; change: "created" | "handled"; organisationId: string; message: OfflineMessageView };

export type StaffEventType = StaffEvent["type"];

export class StaffEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  publish(event: StaffEvent): void {
    this.emitter.emit(event.type, event);
  }

  on<T extends StaffEventType>(type: T, listener: (event: Extract<StaffEvent, { type: T }>) => void): () => void {
    this.emitter.on(type, listener as (e: StaffEvent) => void);
    return () => this.emitter.off(type, listener as (e: StaffEvent) => void);
  }
}
