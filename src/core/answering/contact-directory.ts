import { extractFacts, factsOfContact } from "../knowledge/facts.js";
import type { ContactPoint, KnowledgeBase } from "../knowledge/types.js";
import { foldText, wordsOf } from "./normalize.js";
import { toBokmal } from "./nynorsk.js";
import { stemsOf } from "./stem.js";
import { isStopword } from "./stopwords.js";
import { conceptsOf, joinPhrases } from "./synonyms.js";

/** Folded, bokmål-read words of a text (stop words kept: names contain them). */
export function plainWords(text: string): string[] {
  return wordsOf(toBokmal(foldText(text)));
}

/** Endings a name may carry in a question ("barnevernet", "kundeservicen", "UKEs"). */
const NAME_ENDINGS = ["", "s", "en", "et", "n", "a", "ene", "ens", "ets", "er", "'s"];

/** A name this long may also be the first part of a compound ("barnevern|systemet", "kundeservice|telefonen"). */
const MIN_COMPOUND_NAME = 6;
const MIN_COMPOUND_TAIL = 4;

function sameNameWord(written: string, name: string, last = true): boolean {
  if (written === name) return true;
  if (!written.startsWith(name) || name.length < 3) return false;
  const rest = written.slice(name.length);
  if (NAME_ENDINGS.includes(rest)) return true;
  // A one-word name as a compound's modifier: the compound is about it.
  return last && name.length >= MIN_COMPOUND_NAME && rest.replace(/^[se](?=[^aeiouy])/, "").length >= MIN_COMPOUND_TAIL;
}

const NEGATION = /^(?:ikke|not|uten|without|except|unntatt|bortsett|ikkje)$/;

/** How a question refers to a contact point. */
export interface ContactMention {
  readonly contact: ContactPoint;
  /**
   * "name": by its name or an alias ("Kundeservice VIP", "Gry Syversen"); "role": by a role
   * ("kundeansvarlig", "leder av kundeteamet"); "generic": by a word any service desk answers to
   * ("kundeservice", "support").
   */
  readonly by: "name" | "role" | "generic";
  /** Indexes of the question words (see {@link plainWords}) the mention covers. */
  readonly words: readonly number[];
}

interface NamePattern {
  readonly contact: ContactPoint;
  readonly words: readonly string[];
  readonly generic: boolean;
}

interface RolePattern {
  readonly contact: ContactPoint;
  /** Each word of the role as its stems; every word must appear in the question. */
  readonly words: readonly (readonly string[])[];
}

/**
 * The contact points of each organisation, with what is needed to find them in a question (names,
 * aliases and roles), who owns which contact fact, and the members of teams and units.
 */
export class ContactDirectory {
  private readonly byOrg = new Map<string, ContactPoint[]>();
  private readonly names = new Map<string, NamePattern[]>();
  private readonly roles = new Map<string, RolePattern[]>();
  private readonly facts = new Map<string, ReadonlySet<string>>();
  private readonly vocabulary = new Map<string, ReadonlySet<string>>();

  constructor(kb: KnowledgeBase) {
    for (const c of kb.contacts) {
      const list = this.byOrg.get(c.organisation) ?? [];
      list.push(c);
      this.byOrg.set(c.organisation, list);
      const names = this.names.get(c.organisation) ?? [];
      for (const raw of [c.name.nb, c.name.en, ...c.aliases]) {
        const words = plainWords(raw.replace(/\(.*?\)/g, " "));
        if (words.length === 0) continue;
        // A name any service desk answers to ("kundeservice", "support", "service desk") names it only weakly.
        const joined = joinPhrases(words.join(" "));
        const generic = !joined.includes(" ") && conceptsOf(joined.replace(/\s/g, "")).includes("#support");
        if (!names.some((n) => n.contact === c && n.words.join(" ") === words.join(" "))) {
          names.push({ contact: c, words, generic });
        }
      }
      this.names.set(c.organisation, names);
      const roles = this.roles.get(c.organisation) ?? [];
      for (const raw of c.roleAliases) {
        const words = plainWords(raw)
          .filter((w) => !isStopword(w))
          .map((w) => stemsOf(w));
        if (words.length > 0) roles.push({ contact: c, words });
      }
      this.roles.set(c.organisation, roles);
      this.facts.set(c.id, factsOfContact(c));
    }
    for (const c of kb.contacts) {
      // Not the audience: "kan elever ringe?" is about who may call, which the entries answer.
      const texts = [c.name, c.role, c.handles, c.hours?.text, c.hours?.outside]
        .flatMap((t) => (t ? [t.nb, t.en] : []))
        .concat(c.aliases, c.roleAliases);
      const vocab = new Set<string>();
      for (const t of texts) for (const w of plainWords(t)) for (const s of stemsOf(w)) vocab.add(s);
      this.vocabulary.set(c.id, vocab);
    }
  }

  contactsOf(org: string): readonly ContactPoint[] {
    return this.byOrg.get(org) ?? [];
  }

  primaryOf(org: string): ContactPoint | undefined {
    return this.contactsOf(org).find((c) => c.primary);
  }

  get(id: string): ContactPoint | undefined {
    for (const list of this.byOrg.values()) {
      const c = list.find((x) => x.id === id);
      if (c) return c;
    }
    return undefined;
  }

  /** The team's or unit's members (contact points whose partOf is it). */
  membersOf(c: ContactPoint): ContactPoint[] {
    return this.contactsOf(c.organisation).filter((m) => m.partOf === c.id);
  }

  factsOf(c: ContactPoint): ReadonlySet<string> {
    return this.facts.get(c.id) ?? new Set();
  }

  /** Stems of the words a contact point's own texts use (name, role, what it handles ...). */
  vocabularyOf(c: ContactPoint): ReadonlySet<string> {
    return this.vocabulary.get(c.id) ?? new Set();
  }

  /** Contact points of the organisation that own a fact (normalised, see extractFacts). */
  ownersOf(org: string, fact: string): ContactPoint[] {
    return this.contactsOf(org).filter((c) => this.facts.get(c.id)?.has(fact));
  }

  /**
   * Contact facts a question gives: whole phone numbers and e-mails, and the start of an e-mail
   * address ("fasit@hel") that one contact point's address begins with.
   */
  factsInQuestion(org: string, text: string): { fact: string; owners: ContactPoint[] }[] {
    const out: { fact: string; owners: ContactPoint[] }[] = [];
    for (const fact of extractFacts(text)) {
      if (!fact.startsWith("phone:") && !fact.startsWith("email:")) continue;
      out.push({ fact, owners: this.ownersOf(org, fact) });
    }
    for (const partial of text.toLowerCase().match(/[\p{L}0-9._%+-]+@[\p{L}0-9.-]*/gu) ?? []) {
      if (out.some((f) => f.fact === `email:${partial}`)) continue;
      const owners = this.contactsOf(org).filter((c) =>
        c.emails.some((e) => e.address.toLowerCase().startsWith(partial.replace(/\.$/, ""))),
      );
      const address = owners[0]?.emails.find((e) =>
        e.address.toLowerCase().startsWith(partial.replace(/\.$/, "")),
      )?.address;
      if (owners.length === 1 && address) out.push({ fact: `email:${address.toLowerCase()}`, owners });
    }
    return out;
  }

  /**
   * The contact points of an organisation a question refers to, best first: by name or alias
   * (longest match wins where names overlap: "kundeservice bedrift" over "kundeservice"), then by
   * role (every word of a role phrasing present, in any order).
   */
  mentions(org: string, words: readonly string[]): ContactMention[] {
    const found: ContactMention[] = [];
    const taken = new Set<number>();
    const candidates: { pattern: NamePattern; start: number }[] = [];
    for (const pattern of this.names.get(org) ?? []) {
      const n = pattern.words.length;
      for (let i = 0; i + n <= words.length; i++) {
        let ok = true;
        for (let k = 0; k < n && ok; k++) {
          const w = words[i + k] as string;
          const p = pattern.words[k] as string;
          ok = k === n - 1 ? sameNameWord(w, p, n === 1) : w === p;
        }
        if (ok) candidates.push({ pattern, start: i });
      }
    }
    candidates.sort((a, b) => b.pattern.words.length - a.pattern.words.length || a.start - b.start);
    for (const { pattern, start } of candidates) {
      const span = pattern.words.map((_, k) => start + k);
      // "the general address, not support": a negated name is not the one asked about.
      if (NEGATION.test(words[start - 1] ?? "")) {
        for (const i of span) taken.add(i);
        continue;
      }
      if (span.some((i) => taken.has(i))) {
        // The same words may name several contact points only when they are one longest match.
        const same = found.find((f) => f.words.join() === span.join());
        if (!same || same.contact === pattern.contact) continue;
      }
      for (const i of span) taken.add(i);
      if (found.some((f) => f.contact === pattern.contact)) continue;
      found.push({ contact: pattern.contact, by: pattern.generic ? "generic" : "name", words: span });
    }
    const stems = words.map((w) => stemsOf(w));
    // A contact point's role matches the question words its role phrasings cover together:
    // "who leads the cash management team" is Kristin Berg (leader and adviser), not every adviser.
    const bestRole = new Map<ContactPoint, number[]>();
    for (const role of this.roles.get(org) ?? []) {
      if (found.some((f) => f.contact === role.contact && f.by !== "generic")) continue;
      const used: number[] = [];
      const all = role.words.every((wordStems) => {
        const i = stems.findIndex((s, j) => !used.includes(j) && s.some((x) => wordStems.includes(x)));
        if (i < 0) return false;
        used.push(i);
        return true;
      });
      if (!all) continue;
      const prior = bestRole.get(role.contact) ?? [];
      bestRole.set(role.contact, [...new Set([...prior, ...used])]);
    }
    for (const [contact, used] of bestRole) {
      const prior = found.findIndex((f) => f.contact === contact);
      if (prior >= 0) found.splice(prior, 1);
      found.push({ contact, by: "role", words: used });
    }
    // A role phrase that is part of a longer one another contact point has ("leder av kundeteamet"
    // vs "cash management") keeps only the contact points matching the most words.
    const roleMentions = found.filter((f) => f.by === "role");
    if (roleMentions.length > 1) {
      const best = Math.max(...roleMentions.map((f) => f.words.length));
      for (const f of roleMentions) if (f.words.length < best) found.splice(found.indexOf(f), 1);
    }
    return found;
  }
}
