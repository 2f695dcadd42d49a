import { randomUUID } from "node:crypto";
import { type Activity, BotAdapter, type ConversationReference, type ResourceResponse, TurnContext } from "botbuilder";
import { WIDGET_CHANNEL } from "../../../bot/channels.js";
import type { BotLogic, EventTurnAdapter } from "../../../bot/event-turns.js";
import { type LoadedConversation, setLoadedConversation } from "../../../bot/turn-conversation.js";
import type { Logger } from "../../../observability/logger.js";
import type { WidgetNsp } from "./widget-context.js";
import { widgetRoom } from "./widget-rooms.js";

/** The serviceUrl of widget activities (nothing is posted there). */
export const WIDGET_SERVICE_URL = "urn:skranke:widget";
export const WIDGET_BOT = { id: "skranke", name: "Skranke", role: "bot" } as const;

/**
 * The Bot Framework adapter of the /widget namespace. Turns of one
 * conversation run one at a time, in order. Message activities the bot sends
 * reach the customer through the domain event bus: the transcript middleware
 * stores and publishes them, and the widget forwarder emits them to the
 * conversation's room, so other tabs and the agent console see the same
 * stored message. The adapter itself only emits the bot's typing indicator.
 */
export class WidgetAdapter extends BotAdapter implements EventTurnAdapter {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly nsp: WidgetNsp,
    private readonly logic: BotLogic,
    private readonly logger: Logger,
  ) {
    super();
  }

  /**
   * Queues a turn for an activity from the widget; resolves when the turn is
   * over. `loaded`: the conversation row as the caller's transaction just
   * wrote it; the turn starts from it when no other turn of the conversation
   * is ahead (one that is may change the row first, so then it is read again).
   */
  process(activity: Partial<Activity>, logic: BotLogic = this.logic, loaded?: LoadedConversation): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) return Promise.reject(new Error("a widget activity needs conversation.id"));
    const ahead = this.queues.get(conversationId);
    const previous = ahead ?? Promise.resolve();
    const start = ahead || loaded?.id !== conversationId ? undefined : loaded;
    const turn = previous.then(() => this.runTurn(activity, logic, start));
    const settled = turn.catch((err: unknown) => {
      this.logger.error({ err, conversationId }, "widget turn failed");
    });
    this.queues.set(conversationId, settled);
    void settled.finally(() => {
      if (this.queues.get(conversationId) === settled) this.queues.delete(conversationId);
    });
    return turn;
  }

  /** Runs a turn at once: for the handoff hub, from inside a turn of the same conversation. */
  runEventTurn(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    return this.runTurn(activity, logic);
  }

  /** Resolves when no turn is queued or running. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
  }

  async sendActivities(_context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      const conversationId = activity.conversation?.id;
      if (activity.type === "typing" && conversationId) {
        this.nsp.to(widgetRoom(conversationId)).emit("typing", { from: "bot", typing: true });
      }
      return { id: activity.id ?? randomUUID() };
    });
  }

  async updateActivity(): Promise<ResourceResponse | undefined> {
    throw new Error("the widget channel cannot update sent messages");
  }

  async deleteActivity(): Promise<void> {
    throw new Error("the widget channel cannot delete sent messages");
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: "event", name: "ContinueConversation", id: randomUUID() },
      reference,
      true,
    );
    await this.process({ ...activity, channelId: WIDGET_CHANNEL }, logic);
  }

  private async runTurn(activity: Partial<Activity>, logic: BotLogic, loaded?: LoadedConversation): Promise<void> {
    const context = new TurnContext(this, {
      channelId: WIDGET_CHANNEL,
      serviceUrl: WIDGET_SERVICE_URL,
      ...activity,
    } as Activity);
    if (loaded) setLoadedConversation(context, loaded);
    await this.runMiddleware(context, logic);
  }
}
