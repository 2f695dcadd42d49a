import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
} from "botbuilder";
import type { BotLogic, EventTurnAdapter } from "../../bot/event-turns.js";
import type { AppConfig } from "../../config/config.js";
import { ServiceUrlPolicy, ServiceUrlRefusedError } from "./service-url-policy.js";

/**
 * Bot Framework's CloudAdapter (Emulator, Azure Bot Service channels) that can
 * also run event turns the bot did not get over HTTP (`handoff.status` from
 * the handoff hub) and proactive turns into stored conversations.
 * Authentication is on when MicrosoftAppId is set, off only when
 * SKRANKE_BOTFRAMEWORK_AUTH=off (Emulator). Every connection to a channel
 * (replies, proactive messages) goes through the serviceUrl policy: a
 * serviceUrl it refuses gets no request.
 */
export class SkrankeCloudAdapter extends CloudAdapter implements EventTurnAdapter {
  readonly serviceUrls: ServiceUrlPolicy;

  constructor(private readonly botFramework: AppConfig["botFramework"]) {
    const serviceUrls = new ServiceUrlPolicy(botFramework);
    super(
      new GuardedAuthentication(
        {
          MicrosoftAppId: botFramework.appId ?? "",
          MicrosoftAppPassword: botFramework.appPassword ?? "",
          MicrosoftAppType: botFramework.appType ?? (botFramework.appId ? "MultiTenant" : ""),
          MicrosoftAppTenantId: botFramework.tenantId ?? "",
        },
        serviceUrls,
      ),
    );
    this.serviceUrls = serviceUrls;
  }

  async runEventTurn(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    await this.processProactive(this.createClaimsIdentity(this.botFramework.appId ?? ""), activity, undefined, logic);
  }

  /** A proactive turn in a stored conversation (agent messages, notices). */
  continueStored(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    return this.continueConversationAsync(this.botFramework.appId ?? "", reference, logic);
  }
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>;

/** Bot Framework authentication whose connector factories only connect to serviceUrls the policy allows. */
class GuardedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly policy: ServiceUrlPolicy,
  ) {
    super(options);
  }

  override createConnectorFactory(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>
  ): ConnectorFactory {
    return guarded(super.createConnectorFactory(...args), this.policy);
  }

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication["authenticateRequest"]>
  ): ReturnType<ConfigurationBotFrameworkAuthentication["authenticateRequest"]> {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory
      ? { ...result, connectorFactory: guarded(result.connectorFactory, this.policy) }
      : result;
  }
}

function guarded(factory: ConnectorFactory, policy: ServiceUrlPolicy): ConnectorFactory {
  return {
    create(serviceUrl, audience) {
      if (!policy.allows(serviceUrl)) return Promise.reject(new ServiceUrlRefusedError(serviceUrl));
      return factory.create(serviceUrl, audience);
    },
  };
}
