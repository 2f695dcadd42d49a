import { textsFor } from "../../dialogs/texts.js";
import type { Lang, Organisation } from "../core/knowledge/types.js";
import type { RetentionPolicy } from "../core/retention/retention-policy.js";
import type { Greeting } from "../protocol/widget.js";

export type { Greeting };

/**
 * The greeting, worded once for every channel: the Bot Framework welcome
 * sends it as two messages, the widget shows it without storing anything
 * (docs/protocol.md, `session`). `orgName`: the organisation the bot speaks
 * for, when it speaks for one.
 */
export function greeting(org: Organisation, lang: Lang, policy: RetentionPolicy, orgName?: string): Greeting {
  const t = textsFor(lang);
  return {
    welcome: t.welcome(orgName),
    privacy: t.privacyNotice({
      botOnlyMonths: policy.botOnlyMonths,
      humanInvolvedMonths: policy.humanInvolvedMonths,
      privacyUrl: org.privacyUrl,
    }),
  };
}
