import { EventEmitter } from "node:events";

/**
 * Domain events about conversations. The core publishes them; channels (the
 * /widget and /agent Socket.IO namespaces, Bot Framework proactive messages)
 * subscribe and translate them to their wire formats. In-process only: with
 * several server processes the Socket.IO adapter carries the emits across.
 */
export type MessageRole = "customer" | "bot" | "agent" | "system";

export interface Choice {
  label: string;
  value: string;
}

/** What the bot says about a message of its own (docs/protocol.md); other keys may be present. */
export interface MessageMetadata {
  action?: string;
  sources?: string[];
  confidence?: number;
  choices?: Choice[];
  /** The bot wants a "was this helpful?" on this answer (false: not on this one). */
  askFeedback?: boolean;
  /**
   * Present when a language model wrote the text (every fact checked against these records): the
   * widget shows "Svar fra språkmodell – kan inneholde feil" and the sources.
   */
  generated?: GeneratedAnswerMetadata;
  [key: string]: unknown;
}

/** A generated answer's sources, as the customer sees them. */
export interface GeneratedAnswerMetadata {
  sources: Array<{ id: string; title: string }>;
}

export interface MessageView {
  id: number;
  conversationId: string;
  role: MessageRole;
  authorId: string | null;
  authorName: string | null;
  text: string;
  clientId: string | null;
  metadata: MessageMetadata | null;
  createdAt: string;
}

export type ConversationEvent =
  | { type: "message"; conversationId: string; organisationId: string; message: MessageView }
  | {
      type: "status";
      conversationId: string;
      organisationId: string;
      status: "bot" | "queued" | "assigned" | "closed";
    }
  | {
      type: "queue";
      conversationId: string;
      organisationId: string;
      position: number;
      estimatedWaitSeconds: number;
    }
  | {
      type: "agent:joined";
      conversationId: string;
      organisationId: string;
      agent: { id: string; displayName: string };
    }
  | {
      type: "agent:left";
      conversationId: string;
      organisationId: string;
      agent: { id: string; displayName: string };
      reason: "released" | "transferred" | "closed";
    }
  | {
      type: "typing";
      conversationId: string;
      organisationId: string;
      from: "customer" | "agent";
      name?: string;
      typing: boolean;
    }
  /** The organisation's queue changed (a waiting conversation came, went or moved). */
  | { type: "queue:changed"; organisationId: string };

export type ConversationEventType = ConversationEvent["type"];

export class ConversationEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  publish(event: ConversationEvent): void {
    this.emitter.emit(event.type, event);
    this.emitter.emit("*", event);
  }

  on<T extends ConversationEventType>(
    type: T,
    listener: (event: Extract<ConversationEvent, { type: T }>) => void,
  ): () => void {
    this.emitter.on(type, listener as (e: ConversationEvent) => void);
    return () => this.emitter.off(type, listener as (e: ConversationEvent) => void);
  }

  onAny(listener: (event: ConversationEvent) => void): () => void {
    this.emitter.on("*", listener);
    return () => this.emitter.off("*", listener);
  }
}
