import type { Clock } from "../clock.js";
import { normaliseEmail, normalisePhone } from "../contact/contact-details.js";
import { CustomerChatError } from "../customers/customer-chat-error.js";
import type { StaffEventBus } from "../handoff/staff-events.js";
import type { NewOfflineMessage, OfflineMessageRecord, OfflineMessageStore } from "./offline-message-store.js";
import { toOfflineMessageView } from "./offline-message-view.js";

/** What a customer leaves: the stored request's fields, before they are checked and normalised. */
export type LeaveMessageInput = NewOfflineMessage;

export const OFFLINE_TEXT_MAX = 4000;

/**
 * Leave-a-message requests for agents (service closed, or nobody online). At
 * least one valid contact detail is required; e-mail and phone are stored
 * normalised so agents (and data-subject searches) find them. A stored
 * request is published on the staff bus, so agents' inboxes show it at once
 * (OfflineInbox is where they list and handle them).
 */
export class OfflineMessageService {
  constructor(
    private readonly offline: Pick<OfflineMessageStore, "create">,
    private readonly clock: Clock,
    private readonly staff: StaffEventBus,
  ) {}

  /**
   * `owner`: where the request belongs, asked only once the request is
   * valid (the widget stores the customer and conversation then, not for a
   * request it refuses).
   */
  async leave(
    input: LeaveMessageInput,
    owner?: () => Promise<{ conversationId: string; customerId: string | null }>,
  ): Promise<OfflineMessageRecord> {
    const email = input.email?.trim() ? normaliseEmail(input.email) : undefined;
    const phone = input.phone?.trim() ? normalisePhone(input.phone) : undefined;
    if (input.email?.trim() && !email)
      throw new CustomerChatError("invalid_input", "email is not a valid e-mail address");
    if (input.phone?.trim() && !phone)
      throw new CustomerChatError("invalid_input", "phone is not a valid phone number");
    if (!email && !phone) throw new CustomerChatError("invalid_input", "give an e-mail address or a phone number");
    const text = input.text.trim();
    if (text === "" || text.length > OFFLINE_TEXT_MAX) {
      throw new CustomerChatError("invalid_input", `text must be 1 to ${OFFLINE_TEXT_MAX} characters`);
    }
    const belongs = owner ? await owner() : { conversationId: input.conversationId, customerId: input.customerId };
    const stored = await this.offline.create(
      {
        organisationId: input.organisationId,
        conversationId: belongs.conversationId ?? null,
        customerId: belongs.customerId ?? null,
        name: input.name?.trim() || null,
        email: email ?? null,
        phone: phone ?? null,
        text,
        language: input.language,
      },
      this.clock.now(),
    );
    this.staff.publish({
      type: "offline",
      change: "created",
      organisationId: stored.organisationId,
      message: toOfflineMessageView(stored),
    });
    return stored;
  }
}
