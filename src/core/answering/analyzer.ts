import { SpellingCorrector } from "./fuzzy.js";
import { foldText, wordsOf } from "./normalize.js";
import { stemsOf } from "./stem.js";
import { isStopword } from "./stopwords.js";
import { conceptsOf, joinPhrases, synonymVocabulary } from "./synonyms.js";

/**
 * One word of a question and the index terms that count as a match for it: its stems in both
 * languages and the concepts it belongs to. A question is scored group by group (the best
 * matching term of each group counts once), so synonyms add recall without double counting.
 */
export interface TermGroup {
  /** The (folded) word as written, before spelling correction. */
  readonly word: string;
  /** What the word was read as after correction or compound splitting (same as word otherwise). */
  readonly readAs: string;
  readonly terms: readonly string[];
  /** Scored, but not counted against coverage (e.g. the organisation's own name). */
  readonly optional?: boolean;
}

const MIN_PART = 3;
const MIN_COMPOUND = 7;
const LINKING = ["s", "e"];

/** Folded, phrase-joined, tokenised content words of a text (stop words removed). */
export function contentWords(text: string): string[] {
  return wordsOf(joinPhrases(foldText(text))).filter((w) => !isStopword(w) || conceptsOf(w).length > 0);
}

function termsOfWord(word: string): string[] {
  const terms = [...stemsOf(word)];
  for (const c of conceptsOf(word)) if (!terms.includes(c)) terms.push(c);
  return terms;
}

/**
 * Turns text into term groups. Built in two steps: first it learns the words of the knowledge
 * base (for compound splitting and spelling correction), then it analyses documents and questions
 * the same way, so both sides of a match always agree.
 */
export class Analyzer {
  private readonly vocabulary: ReadonlyMap<string, number>;
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

  private isKnownPart(word: string): boolean {
    if (word.length < MIN_PART || isStopword(word) || /^\d+$/.test(word)) return false;
    return this.vocabulary.has(word) || conceptsOf(word).length > 0;
  }

  /** Splits a Norwegian compound ("kundeservicetelefonen") into two known words, if it can. */
  splitCompound(word: string): readonly string[] | null {
    if (word.length < MIN_COMPOUND || /\d/.test(word)) return null;
    const cached = this.splitCache.get(word);
    if (cached !== undefined) return cached;
    let best: string[] | null = null;
    let bestScore = 0;
    for (let i = MIN_PART; i <= word.length - MIN_PART; i++) {
      const right = word.slice(i);
      const rightKnown = this.isKnownPart(right) || stemsOf(right).some((s) => this.vocabulary.has(s));
      if (!rightKnown) continue;
      const leftRaw = word.slice(0, i);
      const lefts = [leftRaw, ...LINKING.filter((l) => leftRaw.endsWith(l)).map((l) => leftRaw.slice(0, -l.length))];
      const left = lefts.find((l) => this.isKnownPart(l));
      if (!left) continue;
      const score = Math.min(left.length, right.length);
      if (score > bestScore) {
        best = [left, right];
        bestScore = score;
      }
    }
    if (this.splitCache.size > 50_000) this.splitCache.clear();
    this.splitCache.set(word, best);
    return best;
  }

  /** Index terms of each content word of a document text: stems, concepts and the terms of compound parts. */
  documentWords(text: string): string[][] {
    return contentWords(text).map((word) => {
      const terms = termsOfWord(word);
      const parts = conceptsOf(word).length === 0 ? this.splitCompound(word) : null;
      if (parts) for (const p of parts) for (const t of termsOfWord(p)) if (!terms.includes(t)) terms.push(t);
      return terms;
    });
  }

  /** Index terms of a document text, flattened. */
  documentTerms(text: string): string[] {
    return this.documentWords(text).flat();
  }

  /** Term groups of a question: one per content word, with spelling correction and compound splitting. */
  queryGroups(text: string): TermGroup[] {
    const groups: TermGroup[] = [];
    const seen = new Set<string>();
    const push = (word: string, readAs: string, terms: string[]) => {
      const key = terms.join("|");
      if (seen.has(key)) return;
      seen.add(key);
      groups.push({ word, readAs, terms });
    };
    for (const word of contentWords(text)) {
      if (this.isKnown(word)) {
        const terms = termsOfWord(word);
        const parts = conceptsOf(word).length === 0 ? this.splitCompound(word) : null;
        if (parts) for (const p of parts) for (const t of termsOfWord(p)) if (!terms.includes(t)) terms.push(t);
        push(word, word, terms);
        continue;
      }
      const corrected = this.corrector.correct(word);
      if (corrected) {
        push(word, corrected, termsOfWord(corrected));
        continue;
      }
      const parts = this.splitCompound(word);
      if (parts) {
        for (const p of parts) push(word, p, termsOfWord(p));
        continue;
      }
      // A number the knowledge base never mentions ("etter kl 16") says nothing about the topic.
      if (/^\d+$/.test(word)) continue;
      push(word, word, termsOfWord(word));
    }
    return groups;
  }
}
