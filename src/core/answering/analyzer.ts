import { SpellingCorrector } from "./fuzzy.js";
import { isDictionaryWord, isGeneralWord } from "./lexicon.js";
import { foldText, wordsOf } from "./normalize.js";
import { bokmalVariants, toBokmal } from "./nynorsk.js";
import { stemsOf } from "./stem.js";
import { isFunctionWord, isStopword } from "./stopwords.js";
import { conceptsOf, joinPhrases, synonymVocabulary } from "./synonyms.js";

/**
 * One word of a question and the index terms that count as a match for it: its stems in both
 * languages, the concepts it belongs to and, for compounds, the terms of its parts. A question is
 * scored group by group (the best matching term of each group counts once), so synonyms add
 * recall without double counting.
 */
export interface TermGroup {
  /** The (folded) word as written, before spelling correction. */
  readonly word: string;
  /** What the word was read as after correction or compound splitting (same as word otherwise). */
  readonly readAs: string;
  readonly terms: readonly string[];
  /**
   * How strongly each term (same order as `terms`) stands for the word (0–1]: 1 for its own stems,
   * less for a synonym concept, a compound part or a spelling correction.
   */
  readonly weights: readonly number[];
  /**
   * How much of the word each term covers (same order): like `weights`, except that a synonym
   * concept covers the word fully ("ringe" is fully answered by an entry about "#phone").
   */
  readonly covers: readonly number[];
  /** Scored, but not counted against coverage (e.g. the organisation's own name). */
  readonly optional?: boolean;
  /** A common word of the language ("gammel", "lager"): it says little about the topic. */
  readonly general?: boolean;
  /** A question word ("hvor", "hvem", "when"): it tells what is asked, not about what. */
  readonly intent?: boolean;
}

/** The index terms of one word of a document, each with its strength (as in {@link TermGroup}). */
export interface WeightedTerms {
  readonly terms: readonly string[];
  readonly weights: readonly number[];
  readonly covers: readonly number[];
}

const MIN_PART = 3;
const MIN_COMPOUND = 7;
const LINKING = ["s", "e"];
/** Question words kept as terms (see stopwords.ts): they say what is asked, not about what. */
const QUESTION_WORDS: ReadonlySet<string> = new Set(["nar", "hvor", "hvem", "hvorfor", "when", "where", "who", "why"]);
/** Shortest known head that splits off an unknown modifier. */
const MIN_LONE_HEAD = 5;

/** Strength of a synonym concept relative to the word's own stems. */
export const CONCEPT_WEIGHT = 0.95;
/** Strength of the last part (the head) of a compound: "vakttelefon" is a kind of "telefon". */
export const HEAD_WEIGHT = 0.8;
/** Strength of the first part (the modifier) of a compound. */
export const MODIFIER_WEIGHT = 0.6;
/**
 * How much of a compound a part covers: "organisasjonsnummer" is not answered by an entry about
 * "nummer" alone, though that entry is the best lead.
 */
export const HEAD_COVER = 0.65;
export const MODIFIER_COVER = 0.4;
/** Strength of a spelling correction. */
export const CORRECTED_WEIGHT = 0.9;
/** Strength of a nynorsk word read as its bokmål form ("dekkjer" → "dekker"). */
export const NYNORSK_WEIGHT = 0.95;

/** Folded, nynorsk-to-bokmål, phrase-joined, tokenised content words of a text (stop words removed). */
export function contentWords(text: string): string[] {
  return wordsOf(joinPhrases(toBokmal(foldText(text)))).filter((w) => !isStopword(w) || conceptsOf(w).length > 0);
}

class TermList implements WeightedTerms {
  readonly terms: string[] = [];
  readonly weights: number[] = [];
  readonly covers: number[] = [];

  add(term: string, weight: number, cover: number): void {
    const i = this.terms.indexOf(term);
    if (i < 0) {
      this.terms.push(term);
      this.weights.push(weight);
      this.covers.push(cover);
    } else {
      if (weight > (this.weights[i] as number)) this.weights[i] = weight;
      if (cover > (this.covers[i] as number)) this.covers[i] = cover;
    }
  }

  addWord(word: string, weight: number, cover = weight): void {
    for (const s of stemsOf(word)) this.add(s, weight, cover);
    for (const c of conceptsOf(word)) this.add(c, weight * CONCEPT_WEIGHT, cover);
  }
}

/**
 * Turns text into term groups. Built in two steps: first it learns the words of the knowledge
 * base (for compound splitting and spelling correction), then it analyses documents and questions
 * the same way, so both sides of a match always agree.
 */
export class Analyzer {
  private readonly vocabulary: ReadonlyMap<string, number>;
  /** Stems of the vocabulary's words: a compound part is known when one of its stems is. */
  private readonly stemVocabulary: ReadonlySet<string>;
  private readonly corrector: SpellingCorrector;
  private readonly splitCache = new Map<string, readonly string[] | null>();
  private indexedTerms: ReadonlySet<string> = new Set();

  /** @param texts every text of the knowledge base (phrasings, answers, tags, aliases). */
  constructor(texts: Iterable<string>) {
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const w of new Set(contentWords(text))) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    for (const w of synonymVocabulary()) if (!counts.has(w)) counts.set(w, 1);
    this.vocabulary = counts;
    const stems = new Set<string>();
    for (const w of counts.keys()) for (const s of stemsOf(w)) if (s.length >= MIN_PART) stems.add(s);
    this.stemVocabulary = stems;
    this.corrector = new SpellingCorrector(counts);
  }

  /** Tells the analyser which terms the index holds (needed before analysing questions). */
  setIndexedTerms(terms: ReadonlySet<string>): void {
    this.indexedTerms = terms;
  }

  private isKnown(word: string): boolean {
    if (this.vocabulary.has(word) || conceptsOf(word).length > 0) return true;
    return stemsOf(word).some((s) => this.indexedTerms.has(s));
  }

  /** A known word, or for the head of a compound also an inflected form of one ("matte|leksa"). */
  private isKnownPart(word: string, head: boolean): boolean {
    if (word.length < MIN_PART || isFunctionWord(word) || /^\d+$/.test(word)) return false;
    if (this.vocabulary.has(word) || conceptsOf(word).length > 0) return true;
    return head && word.length >= 4 && stemsOf(word).some((s) => s.length >= 4 && this.stemVocabulary.has(s));
  }

  /**
   * Splits a Norwegian compound ("kundeservicetelefonen") into two known words, if it can. An
   * unknown word may also split into an unknown modifier and a known head of at least
   * {@link MIN_LONE_HEAD} letters ("vinter|dekk" does not, "matte|leksa" does).
   */
  splitCompound(word: string): readonly string[] | null {
    if (word.length < MIN_COMPOUND || /\d/.test(word)) return null;
    const cached = this.splitCache.get(word);
    if (cached !== undefined) return cached;
    let best: string[] | null = null;
    let bestScore = 0;
    const lone = !this.isKnown(word);
    for (let i = MIN_PART; i <= word.length - MIN_PART; i++) {
      const right = word.slice(i);
      if (!this.isKnownPart(right, true)) continue;
      const leftRaw = word.slice(0, i);
      const lefts = [leftRaw, ...LINKING.filter((l) => leftRaw.endsWith(l)).map((l) => leftRaw.slice(0, -l.length))];
      const left = lefts.find((l) => this.isKnownPart(l, false));
      // Both parts known beats a known head alone.
      const score = left
        ? 100 + Math.min(left.length, right.length)
        : lone && right.length >= MIN_LONE_HEAD
          ? right.length
          : 0;
      if (score > bestScore) {
        best = [left ?? leftRaw, right];
        bestScore = score;
      }
    }
    if (this.splitCache.size > 50_000) this.splitCache.clear();
    this.splitCache.set(word, best);
    return best;
  }

  private addParts(list: TermList, parts: readonly string[], weight: number): void {
    parts.forEach((part, i) => {
      const head = i === parts.length - 1;
      list.addWord(
        part,
        weight * (head ? HEAD_WEIGHT : MODIFIER_WEIGHT),
        weight * (head ? HEAD_COVER : MODIFIER_COVER),
      );
    });
  }

  /** Index terms of each content word of a document text: stems, concepts and the terms of compound parts. */
  documentWords(text: string): WeightedTerms[] {
    return contentWords(text).map((word) => {
      const list = new TermList();
      list.addWord(word, 1);
      const parts = conceptsOf(word).length === 0 ? this.splitCompound(word) : null;
      if (parts) this.addParts(list, parts, 1);
      return list;
    });
  }

  /** Term groups of a question: one per content word, with spelling correction and compound splitting. */
  queryGroups(text: string): TermGroup[] {
    const groups: TermGroup[] = [];
    const seen = new Set<string>();
    const push = (word: string, readAs: string, list: TermList, general = false) => {
      const key = list.terms.join("|");
      if (seen.has(key)) return;
      seen.add(key);
      groups.push({
        word,
        readAs,
        terms: list.terms,
        weights: list.weights,
        covers: list.covers,
        ...(general ? { general } : {}),
        ...(QUESTION_WORDS.has(word) ? { intent: true } : {}),
      });
    };
    for (const word of contentWords(text)) {
      const list = new TermList();
      if (this.isKnown(word)) {
        list.addWord(word, 1);
        const parts = conceptsOf(word).length === 0 ? this.splitCompound(word) : null;
        if (parts) this.addParts(list, parts, 1);
        push(word, word, list, isGeneralWord(word) && conceptsOf(word).length === 0);
        continue;
      }
      // A nynorsk form of a known bokmål word ("dekkjer", "tenestene", "behandlingsansvarleg").
      const bokmal = bokmalVariants(word).find((v) => this.isKnown(v));
      if (bokmal !== undefined) {
        list.addWord(bokmal, NYNORSK_WEIGHT);
        push(word, bokmal, list, isGeneralWord(bokmal) && conceptsOf(bokmal).length === 0);
        continue;
      }
      // A common word of the language is not a typo of a knowledge-base word ("helt" is not "help").
      if (isGeneralWord(word)) {
        list.addWord(word, 1);
        push(word, word, list, true);
        continue;
      }
      const corrected = isDictionaryWord(word) ? undefined : this.corrector.correct(word);
      const parts = !corrected || word.length >= 10 ? this.splitCompound(word) : null;
      if (parts && (!corrected || word.length >= 10)) {
        this.addParts(list, parts, 1);
        list.addWord(word, 1);
        push(word, parts.join("+"), list);
        continue;
      }
      if (corrected) {
        list.addWord(corrected, CORRECTED_WEIGHT);
        push(word, corrected, list);
        continue;
      }
      // A number the knowledge base never mentions ("etter kl 16") says nothing about the topic.
      if (/^\d+$/.test(word)) continue;
      list.addWord(word, 1);
      push(word, word, list);
    }
    return groups;
  }
}
