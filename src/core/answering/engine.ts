import type { Entry, KnowledgeBase, Lang, Organisation } from "../knowledge/types.js";
import { Analyzer, contentWords, type TermGroup } from "./analyzer.js";
import { answerConfidence, type MatchFeatures } from "./confidence.js";
import { asksForPerson } from "./handoff.js";
import { LanguageDetector } from "./language.js";
import { foldText, wordsOf } from "./normalize.js";
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
import { type DocumentTerms, type ScoredDoc, TermIndex } from "./scorer.js";
import { stemsOf } from "./stem.js";
import {
  type AnswerEngine,
  type AskInput,
  AskInputError,
  type Choice,
  type Decision,
  type Explanation,
} from "./types.js";

/** Decision thresholds on the calibrated answer confidence. */
export const THRESHOLDS = {
  /** Answer when the best entry is at least this likely to be right. */
  answer: 0.6,
  /** Below `answer`, offer choices when the candidates are at least this likely. */
  clarify: 0.35,
  /** Another organisation's best entry within this share of the best score makes the organisation ambiguous. */
  organisationTie: 0.7,
  /** ... and covering at least this share of what the best entry covers. */
  organisationCoverage: 0.9,
  /** Another entry within this share of the best score (same organisation) makes the entry ambiguous. */
  entryTie: 0.99,
  /** At most this many choices. */
  maxChoices: 4,
} as const;

const MAX_QUESTION_LENGTH = 2000;
const HANDOFF_CONFIDENCE = 0.95;
const OFF_TOPIC_CONFIDENCE = 0.9;

interface Prepared {
  readonly kb: KnowledgeBase;
  readonly analyzer: Analyzer;
  readonly index: TermIndex;
  readonly orgDetector: OrganisationDetector;
  readonly language: LanguageDetector;
  readonly slugs: readonly string[];
  readonly entryMasks: ReadonlyMap<string, Uint8Array>;
  /** Stems of each entry's question phrasings and tags. */
  readonly questionStems: readonly ReadonlySet<string>[];
  /** Content words of each organisation's slug and aliases. */
  readonly aliasWords: ReadonlyMap<string, ReadonlySet<string>>;
  readonly entryText: readonly string[];
}

function prepare(kb: KnowledgeBase): Prepared {
  const texts: string[] = [];
  for (const e of kb.entries) texts.push(...e.questions.nb, ...e.questions.en, ...e.tags, e.answer.nb, e.answer.en);
  for (const o of kb.organisations.values()) texts.push(...o.aliases);
  const analyzer = new Analyzer(texts);
  const slugs = [...kb.organisations.keys()];
  const docs: DocumentTerms[] = kb.entries.map((e) => ({
    phrasings: [...e.questions.nb, ...e.questions.en].map((q) => analyzer.documentWords(q)),
    tags: e.tags.flatMap((t) => analyzer.documentTerms(t)),
    answer: [...analyzer.documentTerms(e.answer.nb), ...analyzer.documentTerms(e.answer.en)],
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
  const questionStems = kb.entries.map((e) => {
    const stems = new Set<string>();
    for (const q of [...e.questions.nb, ...e.questions.en, ...e.tags]) {
      for (const w of wordsOf(foldText(q))) for (const s of stemsOf(w)) stems.add(s);
    }
    return stems;
  });
  const aliasWords = new Map<string, Set<string>>();
  for (const o of kb.organisations.values()) {
    const words = new Set<string>();
    for (const a of [o.slug, ...o.aliases]) for (const w of contentWords(a)) words.add(w);
    aliasWords.set(o.slug, words);
  }
  const entryText = kb.entries.map((e) =>
    [...e.questions.nb, ...e.questions.en, e.answer.nb, e.answer.en].join(" \n "),
  );
  return {
    kb,
    analyzer,
    index,
    orgDetector: new OrganisationDetector(kb.organisations.values()),
    language: new LanguageDetector({
      nb: kb.entries.flatMap((e) => e.questions.nb),
      en: kb.entries.flatMap((e) => e.questions.en),
    }),
    slugs,
    entryMasks,
    questionStems,
    aliasWords,
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
export function createAnswerEngine(kb: KnowledgeBase): AnswerEngine {
  const p = prepare(kb);
  const { index, analyzer } = p;

  const orgOf = (slug: string | undefined): Organisation | undefined =>
    slug === undefined ? undefined : kb.organisations.get(slug);

  const decide = (base: Omit<Decision, "choices" | "sources"> & Partial<Decision>): Decision => ({
    choices: [],
    sources: [],
    ...base,
  });

  const answer = (entry: Entry, lang: Lang, confidence: number, reason: Decision["reason"]): Decision =>
    decide({
      action: "answer",
      text: entry.answer[lang],
      sources: [entry.id],
      confidence,
      lang,
      org: entry.organisation,
      reason,
    });

  const features = (groups: readonly TermGroup[], top: readonly ScoredDoc[]): MatchFeatures => {
    const best = top[0] as ScoredDoc;
    const second = top[1];
    return {
      coverage: best.coverage,
      phraseSimilarity: best.phraseSimilarity,
      runnerUpRatio: second && best.score > 0 ? second.score / best.score : 0,
      words: groups.length,
    };
  };

  /** Words of organisation names the question uses only say where to look: they do not count against coverage. */
  const questionGroups = (text: string, named: readonly string[]): TermGroup[] => {
    const groups = analyzer.queryGroups(text);
    if (named.length === 0) return groups;
    const aliasWords = new Set(named.flatMap((s) => [...(p.aliasWords.get(s) ?? [])]));
    const marked = groups.map((g) => (aliasWords.has(g.word) ? { ...g, optional: true } : g));
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
    if (oos) {
      if (oos.kind === "off-topic") {
        return decide({
          action: "fallback",
          text: offTopicText(lang, scopeOrgs),
          confidence: OFF_TOPIC_CONFIDENCE,
          lang,
          reason: "off-topic",
          ...(single ? { org: single.slug } : {}),
        });
      }
    }

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
    const result = index.search(groups, mask, THRESHOLDS.maxChoices + 1);
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
    if (!best) return oos?.kind === "product" ? productNotCovered() : notCovered(0.9);

    const bestEntry = kb.entries[best.doc] as Entry;
    const confidence = answerConfidence(features(groups, result.top));

    // A product the sources do not cover ("boliglån", "aksjekurs"): only answered when the best
    // entry's own questions talk about every such word (e.g. "can I ask about loans on Facebook?").
    if (oos?.kind === "product") {
      const entryStems = p.questionStems[best.doc] as ReadonlySet<string>;
      const covered = oos.cues.every((w) => stemsOf(w).some((s) => entryStems.has(s)));
      if (!covered || confidence < THRESHOLDS.answer) return productNotCovered();
    }

    // On one organisation's chat, a question about another organisation is only answered when this
    // organisation's own knowledge talks about that organisation (e.g. the city's notes on its bank).
    const foreign = given ? named.filter((s) => s !== given.slug) : [];
    if (given && foreign.length > 0 && !named.includes(given.slug)) {
      const aboutThem = foreign.every((s) => p.orgDetector.detect(p.entryText[best.doc] as string).includes(s));
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
      if (contenders.length >= 2 && confidence >= THRESHOLDS.clarify) {
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
      if (!tie) return answer(bestEntry, lang, confidence, "matched");
    }

    if (confidence >= THRESHOLDS.clarify) {
      const close = result.top.filter((d) => d.score >= best.score * 0.8).slice(0, THRESHOLDS.maxChoices);
      if (close.length >= 2) {
        const choices: Choice[] = close.map((d) => {
          const entry = kb.entries[d.doc] as Entry;
          return { label: entryLabel(entry, lang), value: entry.id, entryId: entry.id, org: entry.organisation };
        });
        return decide({
          action: "clarify",
          text: clarifyEntryText(lang, choices),
          choices,
          sources: choices.map((c) => c.entryId as string),
          confidence,
          lang,
          reason: "ambiguous-entry",
          ...(single ? { org: single.slug } : {}),
        });
      }
      if (confidence >= THRESHOLDS.answer) return answer(bestEntry, lang, confidence, "matched");
    }
    return notCovered(1 - confidence);
  }

  function explain(input: AskInput): Explanation {
    const named = p.orgDetector.detect(input.text);
    const scope = input.org ? [input.org] : named.length > 0 ? named : p.slugs;
    const groups = questionGroups(input.text, named);
    const mask = unionMask(
      scope.map((s) => p.entryMasks.get(s) ?? new Uint8Array(kb.entries.length)),
      kb.entries.length,
    );
    const result = index.search(groups, mask, 5);
    return {
      organisationsNamed: named,
      words: groups,
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
