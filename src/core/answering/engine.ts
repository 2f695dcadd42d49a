import { DateTime } from "luxon";
import { type Clock, systemClock } from "../clock.js";
import { extractFacts } from "../knowledge/facts.js";
import type { Entry, KnowledgeBase, Lang, Organisation } from "../knowledge/types.js";
import { Analyzer, type TermGroup } from "./analyzer.js";
import { answerConfidence, type MatchFeatures } from "./confidence.js";
import { ContactAnswering, type ContactOutcome } from "./contact-answering.js";
import { ContactDirectory } from "./contact-directory.js";
import { asksForPerson } from "./handoff.js";
import { LanguageDetector } from "./language.js";
import { foldText, wordsOf } from "./normalize.js";
import { toBokmal } from "./nynorsk.js";
import { OrganisationDetector } from "./organisations.js";
import { detectOutOfScope } from "./out-of-scope.js";
import {
  clarifyEntryText,
  clarifyOrganisationText,
  handoffText,
  noContentText,
  notCoveredText,
  offTopicText,
  otherOrganisationText,
  personChoice,
} from "./replies.js";
import { type DocumentTerms, type ScoredDoc, type SearchResult, TermIndex } from "./scorer.js";
import { stemsOf } from "./stem.js";
import { conceptsOf, EXCLUSIVE_CONCEPTS } from "./synonyms.js";
import { readTimeQuery } from "./time-expressions.js";
import {
  type AnswerEngine,
  type AskInput,
  AskInputError,
  type Choice,
  type Decision,
  type Explanation,
} from "./types.js";
import { fitAnswerToQuestion, thanksKind, thanksText } from "./wording.js";

export interface AnswerEngineOptions {
  /** Where "now" comes from for opening-hours answers (default: the system clock). */
  readonly clock?: Clock;
}

/** Decision thresholds on the calibrated answer confidence. */
export const THRESHOLDS = {
  /** Answer when the best entry is at least this likely to be right. */
  answer: 0.45,
  /** Below `answer`, offer choices when the candidates are at least this likely. */
  clarify: 0.3,
  /** Another organisation's best entry within this share of the best score makes the organisation ambiguous. */
  organisationTie: 0.7,
  /** ... and covering at least this share of what the best entry covers. */
  organisationCoverage: 0.9,
  /** Another entry within this share of the best score (same organisation) makes the entry ambiguous. */
  entryTie: 0.99,
  /** At most this many choices. */
  maxChoices: 3,
  /** Below `answer`, choices are offered only when the best entry covers this share of the question ... */
  choiceCoverage: 0.6,
  /** ... and less than this share of the question is about words no entry contains. */
  choiceUnknown: 0.25,
  /** Entries within this share of the best score are offered with it. */
  choiceShare: 0.7,
} as const;

const MAX_QUESTION_LENGTH = 2000;
/** A question about a product the sources do not cover is only answered by an entry covering this much of it. */
const PRODUCT_COVERAGE = 0.7;
/** "kan dere hjelpe meg med ...", "can you help with ...": asking whether the organisation does something. */
const ASKS_WHETHER_YOU =
  /(?:^|[^a-z])(?:(?:kan|kunne|hjelper|gjor|tar|svarer|can|could|do|will|would)\s+(?:dere|du|you|u)|(?:kan|kunne|far|can|could|may)\s+(?:jeg|vi|man|eg|me|i|we)\s+(?:fa\s+|get\s+|ask\s+for\s+)?(?:hjelp|help))(?:[^a-z]|$)/;
/**
 * "Kan jeg spørre dere om forsikring på Facebook?", "er det sant at folk spør DNB om leksehjelp?": a
 * question about asking the organisation about something, not the thing itself.
 */
const ASKS_ABOUT_ASKING =
  /(?:^|[^a-z])(?:sporre|spor|spurt|sporsmal|ask|asks|asking|asked)(?:\s+[a-z]+){0,2}\s+(?:om|about)(?:[^a-z]|$)/;
/** With such a question, the best entry talking about the product need only cover this much of it. */
const ASKING_PRODUCT_COVERAGE = 0.6;
const HANDOFF_CONFIDENCE = 0.95;
const OFF_TOPIC_CONFIDENCE = 0.9;
/** Confidence of a reply composed from contact points: its facts come from one validated record. */
const COMPOSED_CONFIDENCE = 0.9;
/** Extra candidates searched so that dropping neighbours (see withoutNeighbours) still leaves enough. */
const NEIGHBOUR_SLACK = 3;
/** A next-best entry within this share of the best score may answer for a named contact point instead. */
const ALTERNATIVE_SHARE = 0.6;
/** Words that alone say that something is wrong or wanted, but not what. */
const VAGUE =
  /^(?:hjelp|help|problem|problemer|problems|issue|issues|trouble|sporsmal|question|questions|lurer|support|info|informasjon|information)$/;
/** An entry's contact points are remembered for follow-ups when it is about at most this many. */
const CONTEXT_CONTACTS = 6;

interface Prepared {
  readonly kb: KnowledgeBase;
  readonly analyzer: Analyzer;
  readonly index: TermIndex;
  readonly orgDetector: OrganisationDetector;
  readonly language: LanguageDetector;
  readonly slugs: readonly string[];
  readonly entryMasks: ReadonlyMap<string, Uint8Array>;
  /** 1 for entries whose own questions are about an off-topic subject (e.g. "can you do my homework?"). */
  readonly offTopicEntries: Uint8Array;
  readonly entryText: readonly string[];
  /** Words of each organisation's slug, display names and one-word aliases that spell them ("oslo", "kommune", "dnb", "rorikt"). */
  readonly nameWords: ReadonlyMap<string, ReadonlySet<string>>;
  /** All those words together: naming an organisation says where to look, not what is asked. */
  readonly allNameWords: ReadonlySet<string>;
  /** 1 for entries about opening hours (a tag meaning hours): the sources of live opening-hours replies. */
  readonly hoursEntries: Uint8Array;
  readonly directory: ContactDirectory;
  /** Per entry, the exclusive concepts (see EXCLUSIVE_CONCEPTS) its phrasings and tags name. */
  readonly exclusive: readonly ReadonlySet<string>[];
}

const EXCLUSIVE = new Set(EXCLUSIVE_CONCEPTS.flat());
const familyOf = (concept: string) => EXCLUSIVE_CONCEPTS.find((f) => f.includes(concept)) ?? [];

function prepare(kb: KnowledgeBase): Prepared {
  const texts: string[] = [];
  for (const e of kb.entries) texts.push(...e.questions.nb, ...e.questions.en, ...e.tags, e.answer.nb, e.answer.en);
  for (const o of kb.organisations.values()) texts.push(...o.aliases);
  const analyzer = new Analyzer(texts);
  const slugs = [...kb.organisations.keys()];
  const docs: DocumentTerms[] = kb.entries.map((e) => ({
    phrasings: [...e.questions.nb, ...e.questions.en].map((q) => analyzer.documentWords(q)),
    tags: e.tags.flatMap((t) => analyzer.documentWords(t)),
    answer: [...analyzer.documentWords(e.answer.nb), ...analyzer.documentWords(e.answer.en)],
  }));
  const index = new TermIndex(
    docs,
    kb.entries.map((e) => slugs.indexOf(e.organisation)),
  );
  analyzer.setIndexedTerms(index.terms());
  const entryMasks = new Map<string, Uint8Array>();
  for (const slug of slugs) {
    entryMasks.set(
      slug,
      Uint8Array.from(kb.entries, (e) => (e.organisation === slug ? 1 : 0)),
    );
  }
  const entryText = kb.entries.map((e) =>
    [...e.questions.nb, ...e.questions.en, e.answer.nb, e.answer.en].join(" \n "),
  );
  const nameWords = new Map<string, Set<string>>();
  for (const o of kb.organisations.values()) {
    const words = new Set<string>();
    // A one-word alias is a name when it spells the slug or name ("rorikt", "dnbs", "oslokommune");
    // others route questions to the organisation but are topics ("kompass", "rutinehandboken").
    const letters = (t: string) => foldText(t).replace(/[^a-z0-9]/g, "");
    const slugLetters = letters(o.slug);
    const nameLetters = [letters(o.name.nb), letters(o.name.en)];
    const oneWordAliases = o.aliases.filter(
      (a) =>
        wordsOf(foldText(a)).length === 1 &&
        (letters(a).startsWith(slugLetters) || nameLetters.some((n) => n.includes(letters(a)))),
    );
    for (const name of [o.slug, o.name.nb, o.name.en, ...oneWordAliases]) {
      for (const w of wordsOf(foldText(name))) words.add(w);
    }
    nameWords.set(o.slug, words);
  }
  const allNameWords = new Set<string>();
  for (const words of nameWords.values()) for (const w of words) allNameWords.add(w);
  return {
    kb,
    analyzer,
    nameWords,
    allNameWords,
    hoursEntries: Uint8Array.from(kb.entries, (e) =>
      e.tags.some((t) => wordsOf(foldText(t)).some((w) => conceptsOf(w).includes("#hours"))) ? 1 : 0,
    ),
    directory: new ContactDirectory(kb),
    exclusive: docs.map((d) => {
      const found = new Set<string>();
      for (const word of [...d.phrasings.flat(), ...d.tags])
        for (const t of word.terms) if (EXCLUSIVE.has(t)) found.add(t);
      return found;
    }),
    index,
    orgDetector: new OrganisationDetector(kb.organisations.values()),
    language: new LanguageDetector({
      nb: kb.entries.flatMap((e) => e.questions.nb),
      en: kb.entries.flatMap((e) => e.questions.en),
    }),
    slugs,
    entryMasks,
    offTopicEntries: Uint8Array.from(kb.entries, (e) =>
      [...e.questions.nb, ...e.questions.en].some((q) => detectOutOfScope(q)?.kind === "off-topic") ? 1 : 0,
    ),
    entryText,
  };
}

function unionMask(masks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (const m of masks) for (let i = 0; i < size; i++) if (m[i]) out[i] = 1;
  return out;
}

function entryLabel(entry: Entry, lang: Lang): string {
  return entry.questions[lang][0] ?? entry.questions.nb[0] ?? entry.questions.en[0] ?? entry.id;
}

/**
 * Builds the answering engine for a knowledge base: indexes every entry once, then answers
 * questions synchronously in well under a millisecond each for bases of this size.
 */
export function createAnswerEngine(kb: KnowledgeBase, options: AnswerEngineOptions = {}): AnswerEngine {
  const p = prepare(kb);
  const { index, analyzer } = p;
  const clock = options.clock ?? systemClock;
  const contactAnswering = new ContactAnswering(p.directory);

  /** Whether an entry talks about a word: one of its stems, or of its compound head ("matteleksa" → "leksa"). */
  const coveredBy = (word: string, stems: ReadonlySet<string>): boolean => {
    if (stemsOf(word).some((s) => stems.has(s))) return true;
    const parts = analyzer.splitCompound(word);
    const head = parts?.[parts.length - 1];
    return head !== undefined && stemsOf(head).some((s) => stems.has(s));
  };

  /** Stems of an entry's phrasings, tags and answers (computed once per entry, on first use). */
  const entryStemCache = new Map<number, ReadonlySet<string>>();
  const stemsOfEntry = (doc: number): ReadonlySet<string> => {
    let stems = entryStemCache.get(doc);
    if (!stems) {
      const e = kb.entries[doc] as Entry;
      const set = new Set<string>();
      for (const q of [...e.questions.nb, ...e.questions.en, ...e.tags, e.answer.nb, e.answer.en]) {
        for (const w of wordsOf(foldText(q))) for (const s of stemsOf(w)) set.add(s);
      }
      stems = set;
      entryStemCache.set(doc, stems);
    }
    return stems;
  };

  /** Contact facts of an entry's answer (computed once per entry, on first use). */
  const entryFactCache = new Map<number, ReadonlySet<string>>();
  const factsOfEntry = (doc: number): ReadonlySet<string> => {
    let facts = entryFactCache.get(doc);
    if (!facts) {
      const e = kb.entries[doc] as Entry;
      facts = extractFacts(`${e.answer.nb}\n${e.answer.en}`);
      entryFactCache.set(doc, facts);
    }
    return facts;
  };

  /** Organisations an entry's own text names (computed once per entry, on first use). */
  const entryOrgs = new Map<number, readonly string[]>();
  const orgsInEntry = (doc: number): readonly string[] => {
    let found = entryOrgs.get(doc);
    if (!found) {
      found = p.orgDetector.detect(p.entryText[doc] as string);
      entryOrgs.set(doc, found);
    }
    return found;
  };

  const orgOf = (slug: string | undefined): Organisation | undefined =>
    slug === undefined ? undefined : kb.organisations.get(slug);

  const decide = (base: Omit<Decision, "choices" | "sources"> & Partial<Decision>): Decision => ({
    choices: [],
    sources: [],
    ...base,
  });

  const answer = (
    entry: Entry,
    lang: Lang,
    confidence: number,
    reason: Decision["reason"],
    question?: string,
    contacts: readonly string[] = entry.contacts,
  ): Decision =>
    decide({
      action: "answer",
      text: question === undefined ? entry.answer[lang] : fitAnswerToQuestion(entry.answer[lang], question),
      sources: [entry.id],
      confidence,
      lang,
      org: entry.organisation,
      reason,
      ...(contacts.length > 0 && contacts.length <= CONTEXT_CONTACTS ? { contacts } : {}),
    });

  /**
   * The entry a composed reply rests on: among the entries about the same contact points (or, for
   * hours, the opening-hours entries), the one that states most of the reply's contact facts (a
   * reply with the phone and the e-mail rests on the entry that gives both, not on the phone
   * entry), the best-ranked first among equals. Opening-hours replies rest on the best-ranked hours entry.
   */
  const sourcesFor = (
    outcome: Extract<ContactOutcome, { kind: "composed" }>,
    ranked: readonly ScoredDoc[],
    org: string,
  ): string[] => {
    const fits = (doc: number) => {
      const e = kb.entries[doc] as Entry;
      if (e.organisation !== org) return false;
      if (outcome.reason === "opening-hours") return p.hoursEntries[doc] === 1;
      return e.contacts.some((c) => outcome.contacts.includes(c));
    };
    // Opening-hours replies rest on the best-ranked hours entry: their facts are times, not contact facts.
    const replyFacts = outcome.reason === "opening-hours" ? [] : [...extractFacts(outcome.text)];
    // Street addresses are facts too, though extractFacts only knows postcodes.
    const addresses =
      outcome.reason === "opening-hours"
        ? []
        : outcome.contacts
            .flatMap((id) => {
              const c = p.directory.get(id);
              return c ? [...(c.postal ?? []), ...(c.visiting ? [c.visiting] : [])] : [];
            })
            .filter((a) => outcome.text.includes(a));
    const wanted = replyFacts.length + addresses.length;
    const backed = (doc: number): number => {
      if (wanted === 0) return 0;
      const e = kb.entries[doc] as Entry;
      const text = `${e.answer.nb}\n${e.answer.en}`;
      return (
        replyFacts.filter((f) => factsOfEntry(doc).has(f)).length + addresses.filter((a) => text.includes(a)).length
      );
    };
    const rankedDocs = new Set(ranked.map((d) => d.doc));
    const candidates = [...rankedDocs, ...kb.entries.map((_, doc) => doc).filter((doc) => !rankedDocs.has(doc))];
    let bestDoc = -1;
    let bestBacked = -1;
    for (const doc of candidates) {
      if (!fits(doc)) continue;
      const n = backed(doc);
      if (n > bestBacked) {
        bestDoc = doc;
        bestBacked = n;
      }
      // The best-ranked fitting entry is kept unless another states more of the reply's facts.
      if (bestBacked === wanted) break;
    }
    return bestDoc >= 0 ? [(kb.entries[bestDoc] as Entry).id] : [];
  };

  /**
   * Drops entries that name only another member of a family of exclusive concepts than the
   * question does: "halvårsmøtene" is not answered with the quarterly meetings' entry.
   */
  const withoutNeighbours = (groups: readonly TermGroup[], result: SearchResult): SearchResult => {
    const asked = new Set<string>();
    for (const g of groups) for (const t of g.terms) if (EXCLUSIVE.has(t)) asked.add(t);
    const top =
      asked.size === 0
        ? result.top
        : result.top.filter((d) => {
            const named = p.exclusive[d.doc] as ReadonlySet<string>;
            for (const concept of asked) {
              const family = familyOf(concept);
              const others = family.some((c) => c !== concept && named.has(c));
              if (others && !named.has(concept)) return false;
            }
            return true;
          });
    return { ...result, top: top.slice(0, THRESHOLDS.maxChoices + 1) };
  };

  const features = (groups: readonly TermGroup[], result: SearchResult): MatchFeatures => {
    const best = result.top[0] as ScoredDoc;
    const second = result.top[1];
    return {
      coverage: best.coverage,
      phraseSimilarity: best.phraseSimilarity,
      runnerUpRatio: second && best.score > 0 ? second.score / best.score : 0,
      words: groups.filter((g) => !g.optional).length,
      unknownShare: result.unknownShare,
      evidence: best.evidence,
    };
  };

  /**
   * Words naming an organisation ("hos move", "rorikt") only say where to look: they do not count
   * against coverage. Words of a longer name that also carry a topic ("dnb på facebook") still count.
   */
  const questionGroups = (text: string, named: readonly string[]): TermGroup[] => {
    const groups = analyzer.queryGroups(text);
    if (named.length === 0) return groups;
    const nameWords = new Set<string>();
    for (const m of p.orgDetector.mentions(text)) {
      const names = p.nameWords.get(m.slug);
      for (const w of m.words) if (names?.has(w) && conceptsOf(w).length === 0) nameWords.add(w);
    }
    const marked = groups.map((g) => (nameWords.has(g.word) ? { ...g, optional: true } : g));
    return marked.every((g) => g.optional) ? groups : marked;
  };

  function ask(input: AskInput): Decision {
    const text = input.text.trim();
    if (text === "") throw new AskInputError("empty-question", "the question is empty");
    if (text.length > MAX_QUESTION_LENGTH) {
      throw new AskInputError("question-too-long", `the question is longer than ${MAX_QUESTION_LENGTH} characters`);
    }
    if (input.org !== undefined && !kb.organisations.has(input.org)) {
      throw new AskInputError(
        "unknown-organisation",
        `unknown organisation "${input.org}" (known: ${p.slugs.join(", ")})`,
      );
    }
    const given = orgOf(input.org);

    // A choice sent back: an entry id.
    const picked = kb.entriesById.get(text);
    if (picked && (!given || picked.organisation === given.slug)) {
      const lang = input.lang ?? given?.defaultLanguage ?? "nb";
      return answer(picked, lang, 1, "picked-choice");
    }

    const named = p.orgDetector.detect(text);
    const defaultLang = given?.defaultLanguage ?? orgOf(named[0])?.defaultLanguage ?? "nb";
    const lang = input.lang ?? p.language.detect(text, defaultLang).lang;

    const thanks = thanksKind(text);
    if (thanks) {
      return decide({
        action: "fallback",
        text: thanksText(lang, thanks),
        confidence: 0.95,
        lang,
        reason: "thanks",
        ...(given ? { org: given.slug } : {}),
      });
    }

    if (asksForPerson(text)) {
      const org = given ?? (named.length === 1 ? orgOf(named[0]) : undefined);
      return decide({
        action: "handoff",
        text: handoffText(lang, org),
        confidence: HANDOFF_CONFIDENCE,
        lang,
        reason: "asked-for-person",
        ...(org ? { org: org.slug } : {}),
      });
    }

    const scopeSlugs = given ? [given.slug] : named.length > 0 ? named : p.slugs;
    const scopeOrgs = scopeSlugs.map((s) => kb.organisations.get(s) as Organisation);
    const single = scopeOrgs.length === 1 ? scopeOrgs[0] : undefined;

    const oos = detectOutOfScope(text);
    const offTopic = (): Decision =>
      decide({
        action: "fallback",
        text: offTopicText(lang, scopeOrgs),
        confidence: OFF_TOPIC_CONFIDENCE,
        lang,
        reason: "off-topic",
        ...(single ? { org: single.slug } : {}),
      });
    // Arithmetic is never a knowledge-base question; other off-topic words ("lekser") are, when an
    // entry of the organisation is about exactly that (e.g. "can you help with my homework?").
    if (oos?.kind === "off-topic" && oos.cues.includes("arithmetic")) return offTopic();

    const groups = questionGroups(text, named);
    if (groups.length === 0) {
      return decide({ action: "fallback", text: noContentText(lang), confidence: 0.5, lang, reason: "no-content" });
    }

    const mask =
      scopeSlugs.length === p.slugs.length
        ? undefined
        : unionMask(
            scopeSlugs.map((s) => p.entryMasks.get(s) as Uint8Array),
            kb.entries.length,
          );
    const result = withoutNeighbours(groups, index.search(groups, mask, THRESHOLDS.maxChoices + 1 + NEIGHBOUR_SLACK));
    const best = result.top[0];
    const notCovered = (confidence: number): Decision =>
      decide({
        action: "fallback",
        text: notCoveredText(lang, single),
        choices: [personChoice(lang)],
        confidence,
        lang,
        reason: "low-confidence",
        ...(single ? { org: single.slug } : {}),
      });
    const productNotCovered = (): Decision =>
      decide({
        action: "fallback",
        text: notCoveredText(lang, single),
        choices: [personChoice(lang)],
        confidence: OFF_TOPIC_CONFIDENCE,
        lang,
        reason: "product-not-covered",
        ...(single ? { org: single.slug } : {}),
      });
    /** The contact-knowledge decision, if any (see ContactAnswering), given the entry the search would answer with. */
    const contactPhase = (
      candidate: Entry | undefined,
      candidateConfidence: number,
    ): { decision?: Decision; namesOwnContact: boolean } => {
      if (!single) return { namesOwnContact: false };
      const outcome = contactAnswering.decide({
        text,
        org: single,
        lang,
        now: clock.now(),
        context: input.context,
        candidate:
          candidate && candidateConfidence >= THRESHOLDS.answer && candidate.organisation === single.slug
            ? candidate
            : undefined,
        alternatives: result.top
          .filter((d) => d.doc !== best?.doc && d.score >= ALTERNATIVE_SHARE * (best?.score ?? 0))
          .map((d) => ({ entry: kb.entries[d.doc] as Entry, share: best ? d.score / best.score : 0 }))
          .filter((a) => a.entry.organisation === single.slug),
        orgWords: p.allNameWords,
        otherOrganisationNamed: named.some((s) => s !== single.slug) && !named.includes(single.slug),
      });
      if (outcome.kind === "composed") {
        return {
          namesOwnContact: true,
          decision: decide({
            action: "answer",
            text: outcome.text,
            sources: sourcesFor(outcome, result.top, single.slug),
            confidence: COMPOSED_CONFIDENCE,
            lang,
            org: single.slug,
            reason: outcome.reason,
            ...(outcome.contacts.length > 0 ? { contacts: outcome.contacts } : {}),
          }),
        };
      }
      if (outcome.kind === "entry-with-facts") {
        return {
          namesOwnContact: true,
          decision: decide({
            action: "answer",
            text: outcome.text,
            sources: [outcome.entry.id],
            confidence: candidateConfidence,
            lang,
            org: outcome.entry.organisation,
            reason: "contact-details",
            contacts: outcome.contacts,
          }),
        };
      }
      if (outcome.kind === "entry") {
        const confidence = outcome.entry === candidate ? candidateConfidence : Math.min(candidateConfidence, 0.8);
        return {
          namesOwnContact: true,
          decision: answer(outcome.entry, lang, confidence, "matched", text, outcome.contacts),
        };
      }
      return { namesOwnContact: outcome.kind === "none" && outcome.namesOwnContact };
    };

    if (!best) {
      const contact = contactPhase(undefined, 0);
      if (contact.decision) return contact.decision;
      return oos?.kind === "product" ? productNotCovered() : oos ? offTopic() : notCovered(0.9);
    }

    const bestEntry = kb.entries[best.doc] as Entry;
    const confidence = answerConfidence(features(groups, result));

    // A bare vague word ("hjelp", "problem!", "question"): what it is about is unknown, so the best
    // candidates are offered as choices rather than one of them answered.
    const content = groups.filter((g) => !g.optional);
    const bare = wordsOf(foldText(text)).length <= 2;
    if (bare && content.length === 1 && VAGUE.test(content[0]?.word ?? "") && result.top.length >= 2) {
      const choices: Choice[] = result.top.slice(0, THRESHOLDS.maxChoices).map((d) => {
        const entry = kb.entries[d.doc] as Entry;
        return { label: entryLabel(entry, lang), value: entry.id, entryId: entry.id, org: entry.organisation };
      });
      return decide({
        action: "clarify",
        text: clarifyEntryText(lang, choices),
        choices,
        sources: choices.map((c) => c.entryId as string),
        confidence: Math.min(confidence, 0.5),
        lang,
        reason: "ambiguous-entry",
        ...(single ? { org: single.slug } : {}),
      });
    }

    // Who / which number / which address / when: composed from the organisation's contact points.
    const contact = contactPhase(bestEntry, confidence);
    // "What is your organisation number?" is not a phone question: a product or company fact the
    // sources do not give is left to the product rule below.
    const productOnly = oos?.kind === "product" && contact.decision?.reason !== "opening-hours";
    if (contact.decision && !productOnly) return contact.decision;
    const namesOwnContact = contact.namesOwnContact;

    // A product the sources do not cover ("boliglån", "aksjekurs") or an off-topic subject
    // ("lekser"): only answered when the best entry itself talks about every such word (e.g. "can I
    // ask about loans on Facebook?", "can you help with my homework?").
    if (oos?.kind === "product") {
      const entryStems = stemsOfEntry(best.doc);
      const covered = oos.cues.every((w) => coveredBy(w, entryStems));
      // ... and covers the rest of the question too ("mortgage rates?" is not "can I ask about loans on Facebook?").
      const bar = ASKS_ABOUT_ASKING.test(foldText(text)) ? ASKING_PRODUCT_COVERAGE : PRODUCT_COVERAGE;
      if (!covered || best.coverage < bar || confidence < THRESHOLDS.answer) return productNotCovered();
    }
    // Off-topic requests are declined, unless the customer asks this organisation whether it helps
    // with such things and one of its entries is about exactly that ("kan dere hjelpe meg med leksa?").
    if (oos?.kind === "off-topic") {
      const entryStems = stemsOfEntry(best.doc);
      const answerable =
        single !== undefined &&
        p.offTopicEntries[best.doc] === 1 &&
        (ASKS_WHETHER_YOU.test(foldText(text)) || ASKS_ABOUT_ASKING.test(foldText(text))) &&
        oos.cues.every((w) => coveredBy(w, entryStems)) &&
        confidence >= THRESHOLDS.answer;
      if (!answerable) return offTopic();
    }

    // On one organisation's chat, a question about another organisation is only answered when this
    // organisation's own knowledge talks about that organisation (e.g. the city's notes on its bank).
    const foreign = given ? named.filter((s) => s !== given.slug) : [];
    // ... unless it names one of this organisation's own contact points ("DNB Kundeservice VIP" on the city's chat).
    if (given && foreign.length > 0 && !named.includes(given.slug) && !namesOwnContact) {
      const mentioned = orgsInEntry(best.doc);
      const aboutThem = foreign.every((s) => mentioned.includes(s));
      if (!aboutThem || confidence < THRESHOLDS.answer) {
        return decide({
          action: "fallback",
          text: otherOrganisationText(
            lang,
            given,
            foreign.map((s) => kb.organisations.get(s) as Organisation),
          ),
          choices: [personChoice(lang)],
          confidence: 0.8,
          lang,
          org: given.slug,
          reason: "other-organisation",
        });
      }
    }

    // Without a known organisation, similar best entries in several organisations: ask which one.
    if (!single) {
      const perOrg = [...result.bestPerGroup.entries()]
        .map(([orgIndex, scored]) => ({ slug: p.slugs[orgIndex] as string, scored }))
        .sort((a, b) => b.scored.score - a.scored.score);
      const contenders = perOrg.filter(
        (o) =>
          o.scored.score >= THRESHOLDS.organisationTie * best.score &&
          o.scored.coverage >= best.coverage * THRESHOLDS.organisationCoverage,
      );
      // "Hvor lenge er dere på jobb i dag?", "are you open now?": the hours of which organisation?
      const hoursNow =
        groups.some((g) => g.terms.includes("#hours")) &&
        readTimeQuery(toBokmal(foldText(text)), () => DateTime.fromJSDate(clock.now(), { zone: "Europe/Oslo" })) !==
          undefined;
      // ... unless the question's topic is one organisation's alone ("beredskapsavtale etter kl 16").
      const runnerUpOrg = perOrg[1];
      if (
        hoursNow &&
        contenders.length < 2 &&
        runnerUpOrg &&
        runnerUpOrg.scored.coverage >= 0.5 * best.coverage &&
        runnerUpOrg.scored.score >= 0.6 * best.score
      ) {
        contenders.splice(0, contenders.length, ...perOrg.slice(0, THRESHOLDS.maxChoices));
      }
      if (contenders.length >= 2 && (confidence >= THRESHOLDS.clarify || hoursNow)) {
        const choices: Choice[] = contenders.slice(0, THRESHOLDS.maxChoices).map((o) => {
          const entry = kb.entries[o.scored.doc] as Entry;
          const org = kb.organisations.get(o.slug) as Organisation;
          return { label: org.name[lang], value: entry.id, entryId: entry.id, org: o.slug };
        });
        return decide({
          action: "clarify",
          text: clarifyOrganisationText(lang, choices),
          choices,
          sources: choices.map((c) => c.entryId as string),
          confidence: Math.min(0.9, confidence),
          lang,
          reason: "ambiguous-organisation",
        });
      }
    }

    if (confidence >= THRESHOLDS.answer) {
      const runnerUp = result.top[1];
      const tie =
        runnerUp !== undefined &&
        runnerUp.score >= THRESHOLDS.entryTie * best.score &&
        runnerUp.coverage >= best.coverage &&
        runnerUp.phraseSimilarity >= best.phraseSimilarity;
      if (!tie) return answer(bestEntry, lang, confidence, "matched", text);
    }

    if (confidence >= THRESHOLDS.clarify) {
      // A near tie between confident entries, or a plausible but unsure match: the best two or
      // three as choices. Plausible means the candidates cover most of the question and it has no
      // topic the knowledge base never mentions ("hva heter hunden din?" is not).
      const tied = confidence >= THRESHOLDS.answer;
      // The best candidate by score may cover less of the question than a close runner-up does.
      const widest = Math.max(
        ...result.top.filter((d) => d.score >= best.score * THRESHOLDS.choiceShare).map((d) => d.coverage),
      );
      const plausible = tied || (widest >= THRESHOLDS.choiceCoverage && result.unknownShare < THRESHOLDS.choiceUnknown);
      const close = plausible
        ? result.top
            .filter((d) => d.score >= best.score * (tied ? 0.8 : THRESHOLDS.choiceShare))
            .slice(0, THRESHOLDS.maxChoices)
        : [];
      if (close.length >= 2 || (close.length === 1 && !tied)) {
        const choices: Choice[] = close.map((d) => {
          const entry = kb.entries[d.doc] as Entry;
          return { label: entryLabel(entry, lang), value: entry.id, entryId: entry.id, org: entry.organisation };
        });
        return decide({
          action: "clarify",
          text: clarifyEntryText(lang, choices),
          choices: choices.length === 1 ? [...choices, personChoice(lang)] : choices,
          sources: choices.map((c) => c.entryId as string),
          confidence,
          lang,
          reason: "ambiguous-entry",
          ...(single ? { org: single.slug } : {}),
        });
      }
      if (tied) return answer(bestEntry, lang, confidence, "matched", text);
    }
    return notCovered(1 - confidence);
  }

  function explain(input: AskInput, options?: { readonly limit?: number }): Explanation {
    const limit = Math.max(1, Math.min(20, Math.floor(options?.limit ?? 5)));
    const named = p.orgDetector.detect(input.text);
    const scope = input.org ? [input.org] : named.length > 0 ? named : p.slugs;
    const groups = questionGroups(input.text, named);
    const mask = unionMask(
      scope.map((s) => p.entryMasks.get(s) ?? new Uint8Array(kb.entries.length)),
      kb.entries.length,
    );
    const result = index.search(groups, mask, limit);
    const matched = result.top.length > 0 ? features(groups, result) : undefined;
    return {
      organisationsNamed: named,
      words: groups,
      ...(matched ? { features: matched, confidence: answerConfidence(matched) } : {}),
      candidates: result.top.map((d) => ({
        entryId: (kb.entries[d.doc] as Entry).id,
        score: d.score,
        coverage: d.coverage,
        phraseSimilarity: d.phraseSimilarity,
      })),
    };
  }

  return { knowledge: kb, ask, explain };
}
