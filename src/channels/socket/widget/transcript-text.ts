import { DateTime } from "luxon";
import { textsFor } from "../../../../dialogs/texts.js";
import type { MessageView } from "../../../core/conversations/conversation-events.js";
import type { Lang } from "../../../core/knowledge/types.js";

/**
 * A conversation as readable plain text for the customer to download:
 * a title, then one "[dd.mm.yyyy HH:mm] Who: text" block per message, in the
 * organisation's time zone.
 */
export function transcriptText(
  messages: readonly MessageView[],
  opts: { lang: Lang; orgName: string; timezone: string },
): string {
  const t = textsFor(opts.lang);
  const lines = [t.transcriptTitle(opts.orgName), ""];
  for (const m of messages) {
    const at = DateTime.fromISO(m.createdAt, { zone: opts.timezone }).toFormat("dd.MM.yyyy HH:mm");
    lines.push(`[${at}] ${t.transcriptRole(m.role, m.authorName)}: ${m.text}`);
  }
  return `${lines.join("\n")}\n`;
}
