import type { Clock } from "../clock.js";
import { CustomerChatError } from "../customers/customer-chat-error.js";
import { openingHoursOf } from "../hours/opening-hours.js";
import type { Organisation } from "../knowledge/types.js";
import type { HandoffPort, HandoffReason, HandoffRequestResult } from "./handoff-port.js";

/** Whether a person can take a chat of the organisation now. */
export type PersonAvailability =
  | { status: "available" }
  /** Outside opening hours, or a public holiday that closes the service. */
  | { status: "closed"; opensAt: Date | null; holiday: string | null }
  /** Open, but no agent of the organisation is online. */
  | { status: "no_agents" };

export type PersonRequestResult = HandoffRequestResult | Extract<PersonAvailability, { status: "closed" }>;

/**
 * "Request a person", the one rule for every channel (the widget's button,
 * the bot's handoff dialog, a Bot Framework `handoff.initiate`): a
 * conversation with a person or waiting for one stays as it is, an ended one
 * cannot ask, outside opening hours and on public holidays that close the
 * service the customer is told when it opens, and with nobody online they
 * are offered to leave a message. Otherwise the conversation joins the
 * queue (HandoffPort.requestHandoff, which checks again that someone is
 * online, at the moment it queues).
 */
export class PersonRequests {
  constructor(
    private readonly handoff: Pick<HandoffPort, "requestHandoff" | "agentsOnline">,
    private readonly clock: Clock,
  ) {}

  /** Opening hours (holidays included) first, then whether an agent is online. */
  async availability(org: Organisation, organisationId: string): Promise<PersonAvailability> {
    const closed = this.closedNow(org);
    if (closed) return closed;
    return (await this.handoff.agentsOnline(organisationId)) ? { status: "available" } : { status: "no_agents" };
  }

  async request(input: {
    conversationId: string;
    /** The conversation's status as the caller read it. */
    status: "bot" | "queued" | "assigned" | "closed";
    org: Organisation;
    reason: HandoffReason;
    summary?: string | null;
  }): Promise<PersonRequestResult> {
    if (input.status === "queued" || input.status === "assigned") {
      return { status: "already", conversationStatus: input.status };
    }
    if (input.status === "closed") throw new CustomerChatError("conflict", "the chat has ended");
    const closed = this.closedNow(input.org);
    if (closed) return closed;
    return this.handoff.requestHandoff({
      conversationId: input.conversationId,
      reason: input.reason,
      summary: input.summary ?? null,
    });
  }

  private closedNow(org: Organisation): Extract<PersonAvailability, { status: "closed" }> | null {
    const hours = openingHoursOf(org).status(this.clock.now());
    if (hours.open) return null;
    return { status: "closed", opensAt: hours.opensAt, holiday: hours.holiday?.name ?? null };
  }
}
