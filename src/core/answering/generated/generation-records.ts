import type { ContactPoint, Entry, KnowledgeBase, Lang } from "../../knowledge/types.js";
import type { GenerationRecord } from "../types.js";

/** At most this many contact points are given with the entries. */
export const MAX_CONTACT_RECORDS = 6;

export function entryRecord(entry: Entry, lang: Lang): GenerationRecord {
  const question = entry.questions[lang][0] ?? entry.questions.nb[0] ?? entry.id;
  return {
    id: entry.id,
    organisation: entry.organisation,
    kind: "entry",
    title: question,
    content: { id: entry.id, type: "entry", question, answer: entry.answer[lang] },
    texts: [entry.answer.nb, entry.answer.en],
  };
}

export function contactRecord(c: ContactPoint, lang: Lang): GenerationRecord {
  const content: Record<string, unknown> = { id: c.id, type: "contact", name: c.name[lang] };
  if (c.role) content.role = c.role[lang];
  if (c.handles) content.handles = c.handles[lang];
  if (c.audience) content.audience = c.audience[lang];
  if (c.phones.length > 0)
    content.phones = c.phones.map((p) => ({
      number: p.number,
      ...(p.urgent ? { urgent: true } : {}),
      ...(p.note ? { note: p.note[lang] } : {}),
    }));
  if (c.emails.length > 0)
    content.emails = c.emails.map((e) => ({ address: e.address, ...(e.note ? { note: e.note[lang] } : {}) }));
  if (c.web.length > 0) content.web = c.web.map((w) => ({ ...(w.url ? { url: w.url } : {}), text: w.text[lang] }));
  if (c.postal) content.postalAddress = c.postal.join(", ");
  if (c.visiting) content.visitingAddress = c.visiting;
  if (c.standby) content.standby = { number: c.standby.number, text: c.standby.text[lang] };
  if (c.hours) {
    content.hours = c.hours.text[lang];
    if (c.hours.outside) content.outsideHours = c.hours.outside[lang];
  }
  const texts: string[] = [c.name.nb, c.name.en];
  for (const p of c.phones) texts.push(p.number);
  for (const e of c.emails) texts.push(e.address);
  for (const w of c.web) texts.push(...(w.url ? [w.url] : []), w.text.nb, w.text.en);
  if (c.postal) texts.push(c.postal.join(", "));
  if (c.visiting) texts.push(c.visiting);
  if (c.standby) texts.push(c.standby.number, c.standby.text.nb, c.standby.text.en);
  if (c.hours) texts.push(c.hours.text.nb, c.hours.text.en);
  if (c.hours?.outside) texts.push(c.hours.outside.nb, c.hours.outside.en);
  for (const t of [c.role, c.handles, c.audience]) if (t) texts.push(t.nb, t.en);
  return { id: c.id, organisation: c.organisation, kind: "contact", title: c.name[lang], content, texts };
}

/**
 * The records a model gets for a question: the top entries of the customer's organisation, then
 * its contact points (those the entries are about first, then the main one, then the rest, at most
 * {@link MAX_CONTACT_RECORDS}). Anything of another organisation is left out here already.
 */
export function generationRecords(
  kb: KnowledgeBase,
  entryIds: readonly string[],
  organisation: string,
  lang: Lang,
): GenerationRecord[] {
  const entries = entryIds
    .map((id) => kb.entriesById.get(id))
    .filter((e): e is Entry => e !== undefined && e.organisation === organisation);
  const own = kb.contacts.filter((c) => c.organisation === organisation);
  const named = new Set(entries.flatMap((e) => e.contacts));
  const rank = (c: ContactPoint) => (named.has(c.id) ? 0 : c.primary ? 1 : 2);
  const contacts = [...own].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_CONTACT_RECORDS);
  return [...entries.map((e) => entryRecord(e, lang)), ...contacts.map((c) => contactRecord(c, lang))];
}
