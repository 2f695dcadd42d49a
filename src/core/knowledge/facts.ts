import type { ContactPoint, KnowledgeBase } from "./types.js";

/**
 * Contact facts found in a text: phone numbers (8 digits, "+47" dropped), e-mail addresses,
 * URLs and domains, and postal codes with their place ("0021 oslo"). Normalised so that the same
 * fact written differently ("22 48 32 00" / "22483200") compares equal.
 */
export function extractFacts(text: string): Set<string> {
  const facts = new Set<string>();
  const emails = text.match(/[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[a-z]{2,}/giu) ?? [];
  for (const e of emails) facts.add(`email:${e.toLowerCase()}`);
  const withoutEmails = emails.reduce((t, e) => t.replace(e, " "), text);
  for (const u of withoutEmails.match(/\bhttps?:\/\/[^\s)>\]»"]+/gi) ?? []) {
    facts.add(
      `url:${u
        .toLowerCase()
        .replace(/^https?:\/\//, "")
        .replace(/[.,;:]+$/, "")}`,
    );
  }
  for (const d of withoutEmails.match(/\b(?:www\.)?[a-z0-9-]+\.(?:no|com|org|net)\b/gi) ?? []) {
    facts.add(`domain:${d.toLowerCase().replace(/^www\./, "")}`);
  }
  for (const m of text.match(/(?:\+\s?47[\s.-]?)?\d(?:[\s.-]?\d){7,9}/g) ?? []) {
    const digits = m.replace(/\D/g, "");
    const local = digits.length === 10 && digits.startsWith("47") ? digits.slice(2) : digits;
    if (local.length === 8) facts.add(`phone:${local}`);
  }
  for (const m of text.matchAll(/\b(\d{4})\s+(\p{Lu}[\p{L}-]+)/gu)) {
    if (m[1] && m[2]) facts.add(`postcode:${m[1]} ${m[2].toLowerCase()}`);
  }
  return facts;
}

/** Every contact fact (normalised, see extractFacts) a contact point owns: phones, e-mails, web, addresses. */
export function factsOfContact(c: ContactPoint): Set<string> {
  const parts = [
    ...c.phones.map((p) => p.number),
    ...c.emails.map((e) => e.address),
    ...c.web.flatMap((w) => (w.url ? [w.url] : [])),
    ...(c.postal ?? []),
    ...(c.visiting ? [c.visiting] : []),
    ...(c.standby ? [c.standby.number] : []),
  ];
  return extractFacts(parts.join("\n"));
}

/** Facts of each organisation: its contact points', and those in its answers and opening-hours summary. */
export function factsByOrganisation(kb: KnowledgeBase): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const slug of kb.organisations.keys()) out.set(slug, new Set());
  for (const e of kb.entries) {
    const facts = out.get(e.organisation) ?? new Set<string>();
    for (const f of extractFacts(`${e.answer.nb}\n${e.answer.en}`)) facts.add(f);
    out.set(e.organisation, facts);
  }
  for (const org of kb.organisations.values()) {
    const facts = out.get(org.slug) ?? new Set<string>();
    for (const f of extractFacts(`${org.openingHours.summary.nb}\n${org.openingHours.summary.en}`)) facts.add(f);
  }
  for (const c of kb.contacts) {
    const facts = out.get(c.organisation) ?? new Set<string>();
    for (const f of factsOfContact(c)) facts.add(f);
    out.set(c.organisation, facts);
  }
  return out;
}

/**
 * Facts in `text` that belong only to organisations other than `org`: the sign of an answer that
 * carries another organisation's phone number, address or e-mail.
 */
export function foreignFacts(text: string, org: string, byOrg: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const own = byOrg.get(org) ?? new Set<string>();
  const leaks: string[] = [];
  for (const fact of extractFacts(text)) {
    if (own.has(fact)) continue;
    for (const [other, facts] of byOrg) {
      if (other !== org && facts.has(fact)) {
        leaks.push(`${fact} (${other})`);
        break;
      }
    }
  }
  return leaks;
}

/** "phone:71111166" → "71 11 11 66"-style display for messages; other facts lose their kind prefix. */
export function describeFact(fact: string): string {
  const i = fact.indexOf(":");
  const kind = fact.slice(0, i);
  const value = fact.slice(i + 1);
  if (kind === "phone") return `phone ${value.replace(/(\d{2})(?=\d)/g, "$1 ")}`;
  return `${kind === "email" ? "e-mail" : kind} ${value}`;
}

const CLOCK = String.raw`(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?!\d)|(?:kl\.?\s*)?(\d{4})(?![\d.,])`;
const RANGE = new RegExp(String.raw`(?<![\d.,:])(?:${CLOCK})\s*(?:-|–|—|og|and|to|til)+\s*(?:${CLOCK})`, "gi");

function clockMinutes(h: string | undefined, m: string | undefined, four: string | undefined): number | undefined {
  let hour: number;
  let minute: number;
  if (four !== undefined) {
    hour = Number(four.slice(0, 2));
    minute = Number(four.slice(2));
    // A bare four-digit number is a time only on the quarter hour ("0800", "1530"), not a year ("2017").
    if (minute % 15 !== 0) return undefined;
  } else {
    hour = Number(h);
    minute = Number(m);
  }
  if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return undefined;
  return hour * 60 + minute;
}

/**
 * Opening-time ranges a text states, as [start, end) minutes since midnight: "08:00-18:00",
 * "08.00 - 16.00", "mellom kl. 0800 og 1530", "0800 and 1530". Years ("2011 og 2017") are not times.
 */
export function extractTimeRanges(text: string): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (const m of text.matchAll(RANGE)) {
    const start = clockMinutes(m[1], m[2], m[3]);
    const end = clockMinutes(m[4], m[5], m[6]);
    if (start !== undefined && end !== undefined && start < end) out.push([start, end]);
  }
  return out;
}
