import { DateTime } from "luxon";
import { RETENTION_TIME_ZONE } from "../retention-policy.js";
import type { SubjectExport } from "./subject-export.js";

const FROM: Record<string, string> = {
  customer: "Kunde / Customer",
  bot: "Bot",
  agent: "Kundebehandler / Agent",
  system: "System",
};

function local(iso: string | null): string {
  if (!iso) return "-";
  return DateTime.fromISO(iso, { zone: RETENTION_TIME_ZONE }).toFormat("yyyy-MM-dd HH:mm:ss");
}

/** The export as readable text (Norwegian first, English after the slash; times in Europe/Oslo). */
export function exportAsText(e: SubjectExport): string {
  const lines: string[] = [];
  lines.push("Innsyn i chatlogger / Access to chat logs");
  lines.push(`Laget / Generated: ${local(e.generatedAt)} (Europe/Oslo)`);
  lines.push("");
  lines.push(`Kundeoppføringer / Customer records: ${e.customers.length}`);
  for (const c of e.customers) {
    lines.push(
      `- ${c.id} (${c.organisation}) navn/name: ${c.displayName ?? "-"}, e-post/e-mail: ${c.email ?? "-"}, telefon/phone: ${c.phone ?? "-"}, første besøk/first seen: ${local(c.createdAt)}`,
    );
  }
  lines.push("");
  lines.push(`Samtaler / Conversations: ${e.conversations.length}`);
  for (const c of e.conversations) {
    lines.push("");
    lines.push(`=== Samtale / Conversation ${c.id} (${c.organisation}, ${c.channel}) ===`);
    lines.push(`Startet / Started: ${local(c.startedAt)}   Sist aktiv / Last activity: ${local(c.lastActivityAt)}`);
    lines.push(
      `Oppbevares til / Kept until: ${local(c.retention.expiresAt)} (${c.humanInvolved ? "en kundebehandler deltok / a human agent took part" : "bare bot / bot only"})`,
    );
    for (const m of c.messages) {
      const who = FROM[m.from] ?? m.from;
      lines.push(`[${local(m.at)}] ${who}${m.name ? ` (${m.name})` : ""}: ${m.text}`);
    }
    for (const f of c.feedback) {
      lines.push(
        `[${local(f.at)}] Tilbakemelding / Feedback: ${f.helpful ? "nyttig / helpful" : "ikke nyttig / not helpful"}${f.comment ? ` – ${f.comment}` : ""}`,
      );
    }
  }
  lines.push("");
  lines.push(`Legg igjen melding / Leave-a-message: ${e.offlineMessages.length}`);
  for (const o of e.offlineMessages) {
    lines.push(
      `[${local(o.createdAt)}] (${o.organisation}) ${o.name ?? "-"} <${o.email ?? "-"}> ${o.phone ?? "-"}: ${o.text}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
