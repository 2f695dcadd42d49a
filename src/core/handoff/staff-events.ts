import { EventEmitter } from "node:events";
import type { OfflineMessageView } from "../offline/offline-message-view.js";

/**
 * Events for staff only (the /agent namespace): internal notes, assignment
 * changes, presence, queue snapshots and leave-a-message requests. Kept apart
 * from the ConversationEventBus, which customer channels listen to, so
 * nothing here can reach a customer by mistake.
 */
export interface QueueItem {
  handoffId: string;
  conversationId: string;
  organisationId: string;
  organisationSlug: string;
  organisationName: string;
  position: number;
  requestedAt: string;
  waitingSeconds: number;
  estimatedWaitSeconds: number;
  reason: string;
  summary: string | null;
  /** The customer's first message (shortened), shown as text. */
  firstWords: string | null;
  language: string;
  customerConnected: boolean;
  /** Put back in the queue by a transfer. */
  transferred: boolean;
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
  | { type: "queue"; organisationId: string; items: QueueItem[] }
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
