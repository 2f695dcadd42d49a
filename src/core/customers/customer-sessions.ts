import type { Conversation, ConversationRepository } from "../../storage/repositories/conversations.js";
import type { Customer, CustomerRepository } from "../../storage/repositories/customers.js";
import { hashToken, newToken } from "../accounts/tokens.js";
import type { Clock } from "../clock.js";
import { CustomerChatError } from "./customer-chat-error.js";

export interface CustomerSession {
  /** The secret the widget keeps; only its hash is stored. */
  token: string;
  customer: Customer;
}

export interface ResumedConversation {
  conversation: Conversation;
  /** True when no open conversation existed and this one was just started. */
  started: boolean;
}

/**
 * Widget customers. A customer is known by a secret token whose SHA-256 is
 * stored; a token opens only its own customer's conversations, and only in its
 * own organisation (a token from elsewhere is treated as unknown).
 */
export class CustomerSessions {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  async open(input: { organisationId: string; token?: string; language: string }): Promise<CustomerSession> {
    const now = this.clock.now();
    if (input.token) {
      const known = await this.customers.findByTokenHash(hashToken(input.token));
      if (known && known.organisationId === input.organisationId) {
        await this.customers.touch(known.id, now);
        return { token: input.token, customer: known };
      }
    }
    const token = newToken();
    const customer = await this.customers.create(
      { organisationId: input.organisationId, tokenHash: hashToken(token), language: input.language },
      now,
    );
    return { token, customer };
  }

  /** Whether a token belongs to a customer of the organisation (without touching anything). */
  async recognises(token: string | undefined, organisationId: string): Promise<boolean> {
    if (!token) return false;
    const known = await this.customers.findByTokenHash(hashToken(token));
    return known?.organisationId === organisationId;
  }

  /** The customer's newest widget conversation that is not closed, or a new one. */
  async resumeOrStart(customer: Customer, language: string): Promise<ResumedConversation> {
    const open = (await this.conversations.listForCustomer(customer.id))
      .filter((c) => c.channel === "widget" && c.status !== "closed")
      .at(-1);
    if (open) return { conversation: open, started: false };
    return { conversation: await this.start(customer, language), started: true };
  }

  /**
   * The conversation a customer's next message goes to: their current one,
   * or, once that has ended (closed by them, an agent or the bot), a new one.
   */
  async forNextMessage(
    customer: Pick<Customer, "id" | "organisationId">,
    conversationId: string,
    language: string,
  ): Promise<ResumedConversation> {
    const current = await this.conversations.findById(conversationId);
    if (!current || current.customerId !== customer.id) {
      throw new CustomerChatError("not_found", "the conversation no longer exists");
    }
    if (current.status !== "closed") return { conversation: current, started: false };
    return { conversation: await this.start(customer, language), started: true };
  }

  start(customer: Pick<Customer, "id" | "organisationId">, language: string): Promise<Conversation> {
    return this.conversations.create(
      { organisationId: customer.organisationId, channel: "widget", customerId: customer.id, language },
      this.clock.now(),
    );
  }
}
