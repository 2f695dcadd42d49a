import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
} from "botbuilder";
import type { BotLogic, EventTurnAdapter } from "../../bot/event-turns.js";
import type { AppConfig } from "../../config/config.js";

/**
 * Bot Framework's CloudAdapter (Emulator, Azure Bot Service channels) that can
 * also run event turns the bot did not get over HTTP (`handoff.status` from
 * the handoff hub) and proactive turns into stored conversations.
 * Authentication is on when MicrosoftAppId is set, off otherwise (Emulator).
 */
export class SkrankeCloudAdapter extends CloudAdapter implements EventTurnAdapter {
  constructor(private readonly botFramework: AppConfig["botFramework"]) {
    super(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: botFramework.appId ?? "",
        MicrosoftAppPassword: botFramework.appPassword ?? "",
        MicrosoftAppType: botFramework.appType ?? (botFramework.appId ? "MultiTenant" : ""),
        MicrosoftAppTenantId: botFramework.tenantId ?? "",
      }),
    );
  }

  async runEventTurn(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    await this.processProactive(this.createClaimsIdentity(this.botFramework.appId ?? ""), activity, undefined, logic);
  }

  /** A proactive turn in a stored conversation (agent messages, notices). */
  continueStored(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    return this.continueConversationAsync(this.botFramework.appId ?? "", reference, logic);
  }
}
