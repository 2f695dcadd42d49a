import { DateTime } from "luxon";
import { OpeningHoursCalendar, openingHoursOf } from "../hours/opening-hours.js";
import { extractFacts } from "../knowledge/facts.js";
import type { ContactPoint, Entry, Lang, Organisation } from "../knowledge/types.js";
import { type ContactDirectory, type ContactMention, plainWords } from "./contact-directory.js";
import { type ContactAttribute, type ContactIntent, readContactIntent, unexplainedWords } from "./contact-intent.js";
import { composeContactReply, composeFactCheck, expandTargets } from "./contact-replies.js";
import type { HoursSubject } from "./hours-replies.js";
import { composeHoursReply } from "./hours-replies.js";
import { foldText } from "./normalize.js";
import { toBokmal } from "./nynorsk.js";
import { stemsOf } from "./stem.js";
import { isStopword } from "./stopwords.js";
import { readTimeQuery, type TimeQuery } from "./time-expressions.js";
import type { AskContext } from "./types.js";
import { isYesNoQuestion } from "./wording.js";

/** Words of being reachable: with a time ("kan jeg ringe kl 9?", "svarer dere i helgen?") they ask about opening hours. */
const AVAILABLE =
  /^(?:svare|svarer|svar|answer\w*|ringe|ring|ringer|call|calling|phone|telefonere|reach|kontakte|contact|tilgjengelig\w*|available|availability|jobb|jobber|working|betjent|bemannet|staffed|chatte|chat|apne|apen|apent|open|stengt|closed)$/;
/** Words of an outage or of needing the fastest way in (see contact-intent's urgent reading). */
const EMERGENCY = /^(?:raskest\w*|fastest|quickest|kjappest\w*|snarest|nede|down|krasjet|crashed)$/;
/** Without an asked attribute, a next-best entry must score this share of the best to answer instead. */
const CLOSE_ALTERNATIVE = 0.85;
/** "Hvem i FIN", "who at the team": a person within the named unit. */
const WITHIN = /^(?:i|pa|hos|ved|in|at|within|inside)$/;
/** "Er dere åpne?" without a time is about now. */
const OPEN_WORD = /^(?:apne|apen|apent|open|stengt|closed|opne|ope|opent)$/;
/** "Når åpner dere?": the next opening. */
const OPENS_WORD = /^(?:apner|opens|open|reopen\w*)$/;

export interface ContactQuestion {
  readonly text: string;
  readonly org: Organisation;
  readonly lang: Lang;
  readonly now: Date;
  readonly context?: AskContext | undefined;
  /** The entry the engine would answer with (confident enough), if any. */
  readonly candidate?: Entry | undefined;
  /**
   * The next-best entries of the organisation, best first, with their score as a share of the
   * best one's: one of them may fit the asked contact point better.
   */
  readonly alternatives?: readonly { readonly entry: Entry; readonly share: number }[];
  /** Words that name organisations (slugs, names, aliases): they do not make a question about more than contact facts. */
  readonly orgWords: ReadonlySet<string>;
  /** The question names another organisation than this chat's (and not this one). */
  readonly otherOrganisationNamed?: boolean;
}

/** What the contact knowledge makes of a question. */
export type ContactOutcome =
  /** A reply composed from contact points (and, for hours, the clock). */
  | {
      readonly kind: "composed";
      readonly reason: "contact-details" | "opening-hours";
      readonly text: string;
      readonly contacts: readonly string[];
    }
  /** This entry answers it right (the candidate or an alternative); these are the contact points it is about. */
  | { readonly kind: "entry"; readonly entry: Entry; readonly contacts: readonly string[] }
  /**
   * The entry answers the question but not the contact fact also asked for ("who do I contact about
   * X, and what's the e-mail?"): its answer followed by that fact of the one contact point it is about.
   */
  | {
      readonly kind: "entry-with-facts";
      readonly entry: Entry;
      readonly text: string;
      readonly contacts: readonly string[];
    }
  /** Nothing to compose, but the question names a contact point of the organisation. */
  | { readonly kind: "none"; readonly namesOwnContact: boolean };

/**
 * Answers who / which number / which address / when-are-you-open questions from the structured
 * contact points, so every fact in such a reply comes from a validated record: live opening hours,
 * checks of a number or address the customer gives, follow-ups about the last contact point, and
 * combined questions ("who, and what is the e-mail?"). Where a knowledge-base entry already
 * states exactly the asked facts of the asked contact point (and no other's), the entry is kept.
 */
export class ContactAnswering {
  private readonly calendars = new Map<string, OpeningHoursCalendar>();

  constructor(private readonly directory: ContactDirectory) {}

  decide(q: ContactQuestion): ContactOutcome {
    const slug = q.org.slug;
    const intent = readContactIntent(this.directory, slug, q.text);
    const named = intent.mentions.filter((m) => m.by !== "generic");
    const none: ContactOutcome = { kind: "none", namesOwnContact: named.length > 0 };
    // "hva er telefonnummeret til ror-ikt?" on another organisation's chat is not about its contact points.
    if (q.otherOrganisationNamed && named.length === 0) return none;

    const checked = this.factCheck(q, intent);
    if (checked) return checked;

    const hours = this.liveHours(q, intent);
    if (hours) return hours;

    const contextTargets =
      intent.followUp && named.length === 0
        ? (q.context?.contacts ?? [])
            .map((id) => this.directory.get(id))
            .filter((c): c is ContactPoint => c !== undefined && c.organisation === slug)
        : [];

    // "og når har de åpent?" about the last contact point.
    if (contextTargets.length > 0 && intent.attributes.has("hours") && detailAttributes(intent).size === 0) {
      const withHours = contextTargets.find((c) => c.hours);
      if (withHours?.hours) {
        const text = [withHours.hours.text[q.lang], withHours.hours.outside?.[q.lang]].filter(Boolean).join(" ");
        return { kind: "composed", reason: "opening-hours", text, contacts: [withHours.id] };
      }
    }

    const asked = detailAttributes(intent);
    if (intent.whoMay && named.length === 0) return none;
    if (asked.size === 0) {
      // A named contact point, and the best entry also gives other contact points' numbers or
      // addresses: a close entry about just this one, if there is one.
      const targets = this.targetsOf(named);
      if (targets.length === 0 || !q.candidate || this.statesExactly(q.candidate, targets, asked, q.text)) return none;
      // Only a close one: a question about something else that merely names a contact point
      // ("can I apply for a payment agreement through the VIP line?") keeps its best entry.
      const better = this.alternativeFor(q, targets, asked, CLOSE_ALTERNATIVE);
      return better ? { kind: "entry", entry: better, contacts: this.related(targets) } : none;
    }
    let targets = this.targetsOf(intent.mentions);
    if (targets.length === 0 && contextTargets.length > 0) targets = contextTargets;
    if (targets.length === 0 && (asked.has("urgent") || asked.has("standby"))) {
      const lines = this.directory
        .contactsOf(slug)
        .filter((c) => (asked.has("standby") ? c.standby : c.phones.some((p) => p.urgent)));
      if (lines.length === 1) targets = lines;
    }
    if (asked.has("who")) targets = this.peopleAsked(intent, targets);
    let byDefault = false;
    if (targets.length === 0) {
      const primary = this.directory.primaryOf(slug);
      if (!primary) return none;
      targets = [primary];
      byDefault = true;
      // "Hvor ligger dere?": the main contact point has no address, the one of the organisation that has one.
      if (asked.has("postal") && !primary.postal && !primary.visiting) {
        const located = this.directory.contactsOf(slug).filter((c) => c.postal || c.visiting);
        if (located.length === 1) {
          targets = located;
          byDefault = false;
        }
      }
    }
    // "Hvem er ...?" about a desk or channel is answered by the entries; people, teams and units by their records.
    if (
      asked.size === 1 &&
      asked.has("who") &&
      targets.every((t) => ["service-desk", "channel", "company"].includes(t.kind))
    ) {
      return none;
    }
    // No contact point named: the one the answering entry is about, rather than the main one
    // ("hvem melder vi brukertilganger til, og hva er e-posten?" is about UKE, not the bank's desk).
    if (byDefault && q.candidate) {
      const owner = this.aboutOne(q.candidate);
      if (owner && owner.organisation === slug && owner.id !== targets[0]?.id) {
        const withFacts = this.withAskedFacts(q, q.candidate, asked);
        if (withFacts) return withFacts;
      }
    }
    const unexplained = unexplainedWords(this.directory, intent, targets, q.orgWords);
    if (q.candidate && this.statesExactly(q.candidate, targets, asked, q.text)) {
      return { kind: "entry", entry: q.candidate, contacts: this.related(targets) };
    }
    const better = q.candidate ? this.alternativeFor(q, targets, asked, 0) : undefined;
    if (better) return { kind: "entry", entry: better, contacts: this.related(targets) };
    // A question about more than reaching someone ("hvor sender jeg e-post om feil i lønn?") is left to
    // the entries, unless it asks for the fastest way in an outage: then the rest only tells what is down
    // ("serveren er nede og alt står stille, hvordan når jeg dere raskest?").
    if (unexplained.length > 0 && !(asked.has("urgent") && intent.words.some((w) => EMERGENCY.test(w)))) return none;
    // The organisation's main contact point is only assumed for a bare "what is your number?".
    if (byDefault && q.candidate && !asked.has("urgent")) return none;
    const reply = composeContactReply(this.directory, targets, asked, q.lang);
    if (reply.text === "") return none;
    return { kind: "composed", reason: "contact-details", text: reply.text, contacts: reply.contacts };
  }

  /**
   * The candidate entry with the asked phone or e-mail it lacks, taken from the one contact point
   * it is about (declared, by its facts, or named in its answer) when that contact point has it.
   */
  private withAskedFacts(
    q: ContactQuestion,
    entry: Entry,
    asked: ReadonlySet<ContactAttribute>,
  ): ContactOutcome | undefined {
    const kinds = (["email", "phone"] as const).filter((k) => asked.has(k));
    if (kinds.length === 0 || [...asked].some((a) => !["email", "phone", "who", "contact", "web"].includes(a)))
      return undefined;
    const facts = extractFacts(`${entry.answer.nb}\n${entry.answer.en}`);
    const missing = kinds.filter((k) => ![...facts].some((f) => f.startsWith(`${k}:`)));
    if (missing.length === 0) return undefined;
    const owner = this.aboutOne(entry);
    if (!owner || owner.organisation !== q.org.slug) return undefined;
    const has = (k: "email" | "phone") => (k === "email" ? owner.emails.length > 0 : owner.phones.length > 0);
    if (!missing.every(has)) return undefined;
    const reply = composeContactReply(this.directory, [owner], new Set(missing), q.lang);
    if (reply.text === "" || reply.text.includes("\n")) return undefined;
    return {
      kind: "entry-with-facts",
      entry,
      text: `${entry.answer[q.lang]} ${reply.text}`,
      contacts: reply.contacts,
    };
  }

  /**
   * "Hvem i FIN kan jeg spørre?", "who at the customer team ...?": a person of the named unit or
   * team, not the unit's own mailbox. Of several people, those whose role fits the question's
   * other words, else all of them.
   */
  private peopleAsked(intent: ContactIntent, targets: readonly ContactPoint[]): ContactPoint[] {
    const out: ContactPoint[] = [];
    for (const t of targets) {
      const mention = intent.mentions.find((m) => m.contact === t && m.by !== "generic");
      const first = mention ? Math.min(...mention.words) : -1;
      const people = this.directory.membersOf(t).filter((m) => m.kind === "person");
      if (first < 1 || people.length === 0 || !WITHIN.test(intent.words[first - 1] ?? "")) {
        out.push(t);
        continue;
      }
      const named = new Set(mention?.words ?? []);
      const topic = intent.words
        .filter((w, i) => !named.has(i) && !intent.attributeWords.has(i) && !isStopword(w) && w.length > 3)
        .flatMap((w) => stemsOf(w));
      const fitting = people.filter((p) => {
        const vocab = this.directory.vocabularyOf(p);
        return topic.some((s) => vocab.has(s));
      });
      for (const p of fitting.length > 0 ? fitting : people) if (!out.includes(p)) out.push(p);
    }
    return out;
  }

  /** The one contact point an entry is about (declared, by its facts, or named in its answer), if just one. */
  private aboutOne(entry: Entry): ContactPoint | undefined {
    let about = entry.contacts.map((id) => this.directory.get(id)).filter((c): c is ContactPoint => c !== undefined);
    if (about.length === 0) {
      const named = this.directory
        .mentions(entry.organisation, plainWords(entry.answer.nb))
        .filter((m) => m.by !== "generic");
      about = this.targetsOf(named);
    }
    return about.length === 1 ? about[0] : undefined;
  }

  /** The asked contact points and their members (a unit's mailboxes, a team's people). */
  private related(targets: readonly ContactPoint[]): string[] {
    const out = new Set<string>();
    for (const t of targets) {
      out.add(t.id);
      for (const m of this.directory.membersOf(t)) out.add(m.id);
    }
    return [...out];
  }

  /** The first next-best entry that is about the asked contact points and states exactly what is asked. */
  private alternativeFor(
    q: ContactQuestion,
    targets: readonly ContactPoint[],
    asked: ReadonlySet<ContactAttribute>,
    minShare: number,
  ): Entry | undefined {
    const related = new Set(this.related(targets));
    return (q.alternatives ?? []).find(
      ({ entry, share }) =>
        share >= minShare &&
        entry.contacts.some((c) => related.has(c)) &&
        this.statesExactly(entry, targets, asked, q.text),
    )?.entry;
  }

  /** The contact points a question names: people named by role stand for the team that is also named. */
  private targetsOf(mentions: readonly ContactMention[]): ContactPoint[] {
    const named = mentions.filter((m) => m.by !== "generic");
    const list = (named.length > 0 ? named : mentions).map((m) => m.contact);
    return list.filter(
      (c) => !list.some((other) => other !== c && other.partOf === c.id) && list.indexOf(c) === list.lastIndexOf(c),
    );
  }

  /**
   * Whether an entry gives every asked fact of the asked contact points and no phone, e-mail or web
   * address of any other contact point of the organisation.
   */
  private statesExactly(
    entry: Entry,
    targets: readonly ContactPoint[],
    asked: ReadonlySet<ContactAttribute>,
    question: string,
  ): boolean {
    const text = `${entry.answer.nb}\n${entry.answer.en}`;
    const facts = extractFacts(text);
    const all = expandTargets(this.directory, targets);
    const related = new Set(this.related(targets));
    const has = (values: readonly string[]) => values.every((v) => [...extractFacts(v)].every((f) => facts.has(f)));
    const folded = foldText(text);
    for (const t of all) {
      const phones =
        asked.has("urgent") && t.phones.some((p) => p.urgent) ? t.phones.filter((p) => p.urgent) : t.phones;
      if ((asked.has("phone") || asked.has("urgent")) && !has(phones.map((p) => p.number))) return false;
      if (asked.has("email") && !has(t.emails.map((e) => e.address))) return false;
      if (asked.has("web") && !has(t.web.flatMap((w) => (w.url ? [w.url] : [])))) return false;
      if (asked.has("postal") && !t.postal && !t.visiting) return false;
      if (asked.has("address") || asked.has("postal")) {
        const address = [...(t.postal ?? []), ...(t.visiting ? [t.visiting] : [])];
        if (!has(address.length > 0 ? address : t.emails.map((e) => e.address))) return false;
      }
      if (asked.has("standby") && t.standby && !has([t.standby.number])) return false;
      if (asked.has("who") && t.kind !== "service-desk") {
        const people = [t, ...this.directory.membersOf(t)];
        if (!people.some((p) => this.namesIt(folded, p, question))) return false;
      }
      if (asked.has("contact")) {
        const own = this.directory.factsOf(t);
        if (own.size > 0 && ![...own].some((f) => facts.has(f))) return false;
      }
    }
    for (const f of facts) {
      if (!/^(?:phone|email|url):/.test(f)) continue;
      const owners = this.directory.ownersOf(entry.organisation, f);
      if (owners.length > 0 && !owners.some((o) => related.has(o.id))) return false;
    }
    return true;
  }

  /**
   * Whether a text names a contact point by its name or an alias the question does not already use
   * ("hvilket team i UKE ...?" is not answered by a text that only says "UKE").
   */
  private namesIt(foldedText: string, c: ContactPoint, question: string): boolean {
    const inQuestion = ` ${plainWords(question).join(" ")} `;
    // An alias inside an e-mail or web address ("postmottak@...") does not name anyone.
    const textWords = ` ${plainWords(withoutAddresses(foldedText)).join(" ")} `;
    return [c.name.nb, c.name.en, ...c.aliases].some((n) => {
      const words = plainWords(n.replace(/\(.*?\)/g, " ")).join(" ");
      return words !== "" && textWords.includes(` ${words} `) && !inQuestion.includes(` ${words} `);
    });
  }

  /** "Er 66 77 99 00 vakttelefonen?", "er fasit@hel adressen for barnevern?" */
  private factCheck(q: ContactQuestion, intent: ContactIntent): ContactOutcome | undefined {
    const given = this.directory.factsInQuestion(q.org.slug, q.text).filter((f) => f.owners.length > 0);
    const first = given[0];
    if (!first) return undefined;
    const attribute: "phone" | "email" | "standby" = intent.attributes.has("standby")
      ? "standby"
      : first.fact.startsWith("email:")
        ? "email"
        : "phone";
    const others = this.targetsOf(intent.mentions).filter(
      (c) => !first.owners.includes(c) && !first.owners.some((o) => o.partOf === c.id),
    );
    let asked = others[0];
    if (!asked && attribute === "standby") asked = this.directory.contactsOf(q.org.slug).find((c) => c.standby);
    if (!asked) return undefined;
    const reply = composeFactCheck(first.fact, first.owners, asked, attribute, q.lang);
    return { kind: "composed", reason: "contact-details", text: reply.text, contacts: reply.contacts };
  }

  private liveHours(q: ContactQuestion, intent: ContactIntent): ContactOutcome | undefined {
    const folded = toBokmal(foldText(q.text));
    let time: TimeQuery | undefined = readTimeQuery(folded, () => DateTime.fromJSDate(q.now, { zone: q.org.timezone }));
    const hoursWord = intent.attributes.has("hours");
    const available = intent.words.some((w) => AVAILABLE.test(w));
    if (!time) {
      if (!hoursWord) return undefined;
      const first = intent.words[0] ?? "";
      if (/^(?:nar|when)$/.test(first) && intent.words.some((w) => OPENS_WORD.test(w))) time = { again: true };
      else if (intent.words.some((w) => OPEN_WORD.test(w)) && isYesNoQuestion(q.text)) time = { now: true };
      else return undefined;
    } else if (!hoursWord && !available) {
      return undefined;
    } else if (!hoursWord && !isYesNoQuestion(q.text) && !/^(?:nar|when)$/.test(intent.words[0] ?? "")) {
      // "our online bank stopped on a Wednesday, who do we call?", "... since this morning, how do I reach
      // you?": the time tells the story; the question is who or how, not whether they are open.
      if (detailAttributes(intent).size > 0) return undefined;
    }
    const subject = this.hoursSubject(q, intent);
    if (!subject) return undefined;
    if ("missing" in subject) {
      const c = subject.missing;
      const text =
        q.lang === "nb"
          ? `Informasjonen jeg har, oppgir ikke åpningstider for ${c.name.nb}.`
          : `The information I have does not give opening hours for ${c.name.en}.`;
      return { kind: "composed", reason: "opening-hours", text, contacts: [c.id] };
    }
    const text = composeHoursReply(subject.subject, time, q.now, q.lang, isYesNoQuestion(q.text));
    return { kind: "composed", reason: "opening-hours", text, contacts: subject.contacts };
  }

  private hoursSubject(
    q: ContactQuestion,
    intent: ContactIntent,
  ): { subject: HoursSubject; contacts: string[] } | { missing: ContactPoint } | undefined {
    const named = intent.mentions.filter((m) => m.by !== "generic").map((m) => m.contact);
    const generic = intent.mentions.filter((m) => m.by === "generic").map((m) => m.contact);
    const parentOf = (c: ContactPoint) => (c.partOf ? this.directory.get(c.partOf) : undefined);
    for (const c of [...named, ...generic]) {
      if (c.hours) return { subject: this.subjectOf(q.org, c), contacts: [c.id] };
      const parent = parentOf(c);
      if (parent?.hours) return { subject: this.subjectOf(q.org, parent), contacts: [parent.id] };
    }
    if (named[0]) return { missing: named[0] };
    if (intent.followUp) {
      for (const id of q.context?.contacts ?? []) {
        const c = this.directory.get(id);
        if (c?.hours && c.organisation === q.org.slug) return { subject: this.subjectOf(q.org, c), contacts: [c.id] };
      }
    }
    const primary = this.directory.primaryOf(q.org.slug);
    if (primary?.hours) return { subject: this.subjectOf(q.org, primary), contacts: [primary.id] };
    const h = q.org.openingHours;
    return {
      subject: {
        name: q.org.name,
        calendar: openingHoursOf(q.org),
        closedOnPublicHolidays: h.closedOnPublicHolidays,
        text: h.summary,
      },
      contacts: [],
    };
  }

  private subjectOf(org: Organisation, c: ContactPoint): HoursSubject {
    const hours = c.hours;
    if (!hours) throw new Error(`${c.id} has no opening hours`);
    let calendar = hours.fromOrganisation ? openingHoursOf(org) : this.calendars.get(c.id);
    if (!calendar) {
      calendar = new OpeningHoursCalendar(
        {
          summary: hours.text,
          weekly: hours.weekly,
          closedOnPublicHolidays: hours.closedOnPublicHolidays,
          source: c.source,
        },
        org.timezone,
      );
      this.calendars.set(c.id, calendar);
    }
    return {
      name: c.name,
      calendar,
      closedOnPublicHolidays: hours.closedOnPublicHolidays,
      text: hours.text,
      ...(hours.outside ? { outside: hours.outside } : {}),
    };
  }
}

/** The asked attributes that are facts of the contact point itself (not its hours). */
function detailAttributes(intent: ContactIntent): Set<ContactAttribute> {
  const out = new Set<ContactAttribute>();
  for (const a of intent.attributes) if (a !== "hours") out.add(a);
  // "adressen til webportalen", "e-postadressen": the address is the web or e-mail address.
  if (out.has("address") && (out.has("web") || out.has("email")) && !out.has("postal")) out.delete("address");
  // "hvem ..." alone is a question about a person only when a person, team or role is named.
  if (out.size === 1 && out.has("who") && !intent.mentions.some((m) => m.by !== "generic")) out.delete("who");
  return out;
}

/** The text without e-mail and web addresses (their words are not names). */
function withoutAddresses(text: string): string {
  return text.replace(/[\p{L}0-9._%+-]+@[\p{L}0-9.-]+/gu, " ").replace(/\b(?:https?:\/\/|www\.)\S+/gi, " ");
}
