import type { KnowledgeBase } from "./types.js";

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

/** Facts of each organisation, from all its answers (and its opening-hours summary). */
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
