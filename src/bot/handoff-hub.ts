import { type Activity, EventFactory, HandoffEventNames, type Middleware, TurnContext } from "botbuilder";
import type { HandoffReason } from "../core/handoff/handoff-port.js";
import type { PersonRequests } from "../core/handoff/person-requests.js";
import type { Logger } from "../observability/logger.js";
import { type BotLogic, canRunEventTurns } from "./event-turns.js";
import { findTurnConversation } from "./turn-conversation.js";

/** What the bot puts in a `handoff.initiate` event's handoff context. */
export interface HandoffContextValue {
  reason: HandoffReason;
  summary: string | null;
  org?: string;
}

/** The value of the `handoff.status` events the hub sends back (Bot Framework's state and message, plus queue details). */
export interface HandoffStatusValue {
  state: "accepted" | "failed" | "completed";
  /** queued | already_queued | already_assigned | no_agents | closed | error | released */
  message: string;
  position?: number;
  estimatedWaitSeconds?: number;
}

export const HANDOFF_REASONS: readonly HandoffReason[] = [
  "customer_request",
  "low_confidence",
  "repeated_fallback",
  "unhelpful_feedback",
];

/**
 * The handoff hub on the adapter side. The bot escalates by sending Bot
 * Framework's `handoff.initiate` event; the hub takes it off the outgoing
 * activities (channels never see it), asks PersonRequests (core/handoff) for a place in the
 * human queue and, once the turn is over and its state saved, answers with a
 * `handoff.status` event turn (accepted or failed), as an external hub would.
 */
export class HandoffHubMiddleware implements Middleware {
  constructor(
    private readonly persons: PersonRequests,
    private readonly logic: BotLogic,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const answers: HandoffStatusValue[] = [];
    context.onSendActivities(async (ctx, activities, sendNext) => {
      for (let i = 0; i < activities.length; i++) {
        const activity = activities[i] as Partial<Activity>;
        if (activity.type !== "event" || activity.name !== HandoffEventNames.InitiateHandoff) continue;
        activities.splice(i, 1);
        i--;
        answers.push(await this.initiate(ctx, activity));
      }
      if (activities.length === 0) return [];
      return sendNext();
    });
    await next();
    for (const value of answers) await this.answer(context, value);
  }

  private async initiate(context: TurnContext, event: Partial<Activity>): Promise<HandoffStatusValue> {
    const conversation = findTurnConversation(context);
    if (!conversation) return { state: "failed", message: "error" };
    const value = (event.value ?? {}) as Partial<HandoffContextValue>;
    const reason = HANDOFF_REASONS.includes(value.reason as HandoffReason)
      ? (value.reason as HandoffReason)
      : "customer_request";
    try {
      const result = await this.persons.request({
        conversationId: conversation.id,
        status: conversation.status,
        org: conversation.org,
        reason,
        summary: value.summary ?? null,
      });
      switch (result.status) {
        case "queued":
          return {
            state: "accepted",
            message: "queued",
            position: result.position,
            estimatedWaitSeconds: result.estimatedWaitSeconds,
          };
        case "already":
          return { state: "accepted", message: `already_${result.conversationStatus}` };
        case "no_agents":
          return { state: "failed", message: "no_agents" };
        case "closed":
          return { state: "failed", message: "closed" };
      }
    } catch (err) {
      this.logger.error({ err, conversationId: conversation.id }, "handoff request failed");
      return { state: "failed", message: "error" };
    }
  }

  /** Runs the `handoff.status` turn on the same adapter and conversation. */
  private async answer(context: TurnContext, value: HandoffStatusValue): Promise<void> {
    if (!canRunEventTurns(context.adapter)) {
      this.logger.error("the adapter cannot run handoff.status turns");
      return;
    }
    const status = handoffStatusActivity(TurnContext.getConversationReference(context.activity), value);
    await context.adapter.runEventTurn(status, this.logic);
  }
}

/** A `handoff.status` event addressed to the bot, as a channel would deliver it. */
export function handoffStatusActivity(
  reference: Partial<import("botbuilder").ConversationReference>,
  value: HandoffStatusValue,
): Partial<Activity> {
  const event = EventFactory.createHandoffStatus(
    reference.conversation as Activity["conversation"],
    value.state,
    value.message,
  ) as Partial<Activity>;
  event.value = value;
  return TurnContext.applyConversationReference(event, reference, true);
}
