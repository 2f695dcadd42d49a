import { hashToken, newToken } from "../accounts/tokens.js";
import type { Clock } from "../clock.js";
import type { ConversationRecord } from "../conversations/conversation-records.js";
import { CustomerChatError } from "./customer-chat-error.js";

/** A widget customer as the core knows them (src/storage's rows carry these fields, and more). */
export interface Customer {
  id: string;
  organisationId: string;
  /** SHA-256 of the widget's token; null for Bot Framework users. */
  tokenHash: string | null;
  displayName: string | null;
  language: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

type Conversation = ConversationRecord;

/** The ports of CustomerSessions, in core types (src/storage implements them). */
export interface WidgetCustomerStore {
  findByTokenHash(tokenHash: string): Promise<Customer | null>;
  /** Throws when the token hash is stored already (its unique key): another process was first. */
  create(input: { organisationId: string; tokenHash: string; language: string }, now: Date): Promise<Customer>;
  touch(id: string, now: Date): Promise<void>;
}

export interface WidgetConversationStore {
  /** The customer's conversations, oldest first. */
  listForCustomer(customerId: string): Promise<Conversation[]>;
  /** A new bot-only conversation, with the expiry of the policy in force. */
  create(
    input: { organisationId: string; channel: string; customerId: string; language: string },
    now: Date,
  ): Promise<Conversation>;
}

/** Who a connecting widget is. Nothing is stored to find out. */
export interface CustomerIdentity {
  /** The secret the widget keeps; only its hash is ever stored. */
  token: string;
  /** The stored customer, or null: none yet (stored with their first message or action). */
  customer: Customer | null;
}

export interface BegunConversation {
  customer: Customer;
  conversation: Conversation;
  /** True when this call started the conversation (not another tab, not earlier). */
  started: boolean;
}

/** A token the widget may keep for a customer not stored yet: what newToken() makes (256 random bits). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Widget customers. A customer is known by a secret token whose SHA-256 is
 * stored; a token opens only its own customer's conversations, and only in
 * its own organisation (a token from elsewhere is treated as unknown).
 * Connecting stores nothing: a new visitor gets a token, and the customer
 * and their conversation are stored with the first message or action that
 * needs them (`begin`). Until then the token is only in the browser, so
 * every tab with it becomes the same customer.
 */
export class CustomerSessions {
  /** Conversations being begun in this process, by token hash: two tabs' first messages share one. */
  private readonly beginning = new Map<string, Promise<BegunConversation>>();

  constructor(
    private readonly customers: WidgetCustomerStore,
    private readonly conversations: WidgetConversationStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The customer a token names in the organisation, or a token for one not
   * stored yet: the widget's own when it has the shape of ours (a tab that
   * connected before the first message), a new one otherwise.
   */
  async identify(input: { organisationId: string; token?: string }): Promise<CustomerIdentity> {
    if (input.token) {
      const known = await this.customers.findByTokenHash(hashToken(input.token));
      if (known && known.organisationId === input.organisationId) {
        await this.customers.touch(known.id, this.clock.now());
        return { token: input.token, customer: known };
      }
      if (!known && TOKEN_SHAPE.test(input.token)) return { token: input.token, customer: null };
    }
    return { token: newToken(), customer: null };
  }

  /** Whether a token belongs to a customer of the organisation (without touching anything). */
  async recognises(token: string | undefined, organisationId: string): Promise<boolean> {
    return (await this.customerOf(token, organisationId)) !== null;
  }

  /** The stored customer a token names in the organisation, if any (without touching anything). */
  async customerOf(token: string | undefined, organisationId: string): Promise<Customer | null> {
    if (!token) return null;
    const known = await this.customers.findByTokenHash(hashToken(token));
    return known?.organisationId === organisationId ? known : null;
  }

  /** The customer's newest widget conversation that has not ended, if any (nothing is stored). */
  async openConversation(customerId: string): Promise<Conversation | null> {
    return (
      (await this.conversations.listForCustomer(customerId))
        .filter((c) => c.channel === "widget" && c.status !== "closed")
        .at(-1) ?? null
    );
  }

  /**
   * The conversation a customer's first message (or handoff request, left
   * message, rating) goes to: their open one, or a new one, with the
   * customer stored first when they are not yet. Race-safe for two tabs of
   * one token (and, through the token's unique hash, for two processes).
   * `admit` is asked only when a customer is about to be stored (the
   * new-customers limit counts creations): false refuses with rate_limited.
   * `lookedUp` is what customerOf() gave the caller a moment ago (then the
   * token is not looked up again; a customer another process stored since
   * is found through the token's unique hash all the same).
   */
  begin(
    input: { organisationId: string; token: string; language: string },
    admit: () => Promise<boolean> = async () => true,
    lookedUp?: { customer: Customer | null },
  ): Promise<BegunConversation> {
    const key = hashToken(input.token);
    const running = this.beginning.get(key);
    if (running) return running.then((r) => ({ ...r, started: false }));
    const work = this.beginOnce(input, key, admit, lookedUp).finally(() => this.beginning.delete(key));
    this.beginning.set(key, work);
    return work;
  }

  private async beginOnce(
    input: { organisationId: string; token: string; language: string },
    tokenHash: string,
    admit: () => Promise<boolean>,
    lookedUp: { customer: Customer | null } | undefined,
  ): Promise<BegunConversation> {
    const now = this.clock.now();
    let customer = lookedUp ? lookedUp.customer : await this.customers.findByTokenHash(tokenHash);
    if (customer && customer.organisationId !== input.organisationId) {
      throw new CustomerChatError("not_found", "this token belongs to another organisation");
    }
    // A customer stored by this call has no conversations to look for.
    let stored = false;
    if (!customer) {
      if (!(await admit())) throw new CustomerChatError("rate_limited", "too many new chats; wait a moment");
      try {
        customer = await this.customers.create(
          { organisationId: input.organisationId, tokenHash, language: input.language },
          now,
        );
        stored = true;
      } catch (err) {
        // Another tab's process stored the same token's customer first.
        customer = await this.customers.findByTokenHash(tokenHash);
        if (!customer) throw err;
        if (customer.organisationId !== input.organisationId) {
          throw new CustomerChatError("not_found", "this token belongs to another organisation");
        }
      }
    }
    const open = stored ? null : await this.openConversation(customer.id);
    if (open) return { customer, conversation: open, started: false };
    return { customer, conversation: await this.start(customer, input.language), started: true };
  }

  start(customer: Pick<Customer, "id" | "organisationId">, language: string): Promise<Conversation> {
    return this.conversations.create(
      { organisationId: customer.organisationId, channel: "widget", customerId: customer.id, language },
      this.clock.now(),
    );
  }
}
