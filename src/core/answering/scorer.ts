import type { TermGroup } from "./analyzer.js";

/** The analysed text of one document (an entry): its phrasings, tags and answer. */
export interface DocumentTerms {
  /** Each question phrasing (all languages) as its content words, each word as its index terms. */
  readonly phrasings: readonly (readonly (readonly string[])[])[];
  readonly tags: readonly string[];
  readonly answer: readonly string[];
}

export interface ScoredDoc {
  readonly doc: number;
  /** Sum over question words of idf × field weight of the best matching term. */
  readonly score: number;
  /** Share (0–1) of the question's idf mass the document covers; answer-only matches count half. */
  readonly coverage: number;
  /** Weighted Jaccard similarity (0–1) of the question and the document's closest phrasing. */
  readonly phraseSimilarity: number;
}

export interface SearchResult {
  /** Best documents, best first (at most `limit`). */
  readonly top: readonly ScoredDoc[];
  /** Best document of each group (e.g. organisation) that matched at all. */
  readonly bestPerGroup: ReadonlyMap<number, ScoredDoc>;
  /** Idf mass of the question (the coverage denominator); 0 when it has no content word. */
  readonly questionMass: number;
}

const QUESTION_BASE = 0.6;
const QUESTION_SHARE = 0.4;
const TAG_WEIGHT = 0.35;
const ANSWER_WEIGHT = 0.3;
const ANSWER_K1 = 1.2;
const ANSWER_B = 0.5;
const ANSWER_ONLY_STRENGTH = 0.5;
/** Weight of the closest-phrasing similarity in the final score, relative to the question's idf mass. */
const PHRASE_WEIGHT = 1;
/**
 * A question word no entry contains weighs this share of the rarest possible term: unknown words
 * may be typos or chat filler, but a question made of them is not one the knowledge base answers.
 */
const UNKNOWN_SHARE = 0.6;
const LONG_UNKNOWN = 7;
/** A group's best document is reranked when its bag-of-words score is at least this share of the leader's. */
const RERANK_SHARE = 0.5;

interface Postings {
  docs: number[];
  weights: number[];
  strengths: number[];
}

/**
 * A BM25-style inverted index over entries. Question phrasings are the main field: a term's
 * weight grows with the share of phrasings that contain it, without BM25's length penalty (an
 * entry with many phrasings should not lose). Tags add a little, and the answer adds a
 * length-normalised BM25 term, so a question worded like the answer still finds its entry.
 */
export class TermIndex {
  readonly size: number;
  private readonly postings = new Map<string, { docs: Int32Array; weights: Float64Array; strengths: Float64Array }>();
  private readonly idfs = new Map<string, number>();
  /** Idf of a term no document contains: questions with unknown words lose coverage. */
  readonly unknownIdf: number;
  private readonly groupOf: Int32Array;
  private readonly phrasings: readonly (readonly (readonly string[])[])[][];
  /** Idf of each word of each phrasing (its rarest indexed term), for phrase similarity. */
  private readonly phrasingIdfs: readonly (readonly number[])[][];
  private readonly scores: Float64Array;
  private readonly cover: Float64Array;
  private readonly groupScore: Float64Array;
  private readonly groupStrength: Float64Array;
  private readonly mark: Int32Array;
  private readonly groupMark: Int32Array;
  private stamp = 0;

  /** @param groupOf group (e.g. organisation number) of each document, reported in bestPerGroup. */
  constructor(docs: readonly DocumentTerms[], groupOf: readonly number[]) {
    this.size = docs.length;
    const n = docs.length;
    const avgAnswer = docs.reduce((s, d) => s + d.answer.length, 0) / Math.max(1, n) || 1;
    const building = new Map<string, Postings>();
    docs.forEach((doc, id) => {
      const phrasingCount = new Map<string, number>();
      for (const p of doc.phrasings)
        for (const t of new Set(p.flat())) phrasingCount.set(t, (phrasingCount.get(t) ?? 0) + 1);
      const tags = new Set(doc.tags);
      const answerTf = new Map<string, number>();
      for (const t of doc.answer) answerTf.set(t, (answerTf.get(t) ?? 0) + 1);
      const norm = ANSWER_K1 * (1 - ANSWER_B + (ANSWER_B * doc.answer.length) / avgAnswer);
      const terms = new Set([...phrasingCount.keys(), ...tags, ...answerTf.keys()]);
      for (const term of terms) {
        const inQuestions = phrasingCount.get(term) ?? 0;
        const tf = answerTf.get(term) ?? 0;
        let weight = 0;
        if (inQuestions > 0)
          weight += QUESTION_BASE + (QUESTION_SHARE * inQuestions) / Math.max(1, doc.phrasings.length);
        if (tags.has(term)) weight += TAG_WEIGHT;
        if (tf > 0) weight += (ANSWER_WEIGHT * (tf * (ANSWER_K1 + 1))) / (tf + norm) / (ANSWER_K1 + 1);
        const strength = inQuestions > 0 || tags.has(term) ? 1 : ANSWER_ONLY_STRENGTH;
        let p = building.get(term);
        if (!p) {
          p = { docs: [], weights: [], strengths: [] };
          building.set(term, p);
        }
        p.docs.push(id);
        p.weights.push(weight);
        p.strengths.push(strength);
      }
    });
    for (const [term, p] of building) {
      const df = p.docs.length;
      this.idfs.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
      this.postings.set(term, {
        docs: Int32Array.from(p.docs),
        weights: Float64Array.from(p.weights),
        strengths: Float64Array.from(p.strengths),
      });
    }
    this.unknownIdf = UNKNOWN_SHARE * Math.log(1 + (n + 0.5) / 0.5);
    this.groupOf = Int32Array.from(groupOf);
    this.phrasings = docs.map((d) => d.phrasings.map((p) => p));
    this.phrasingIdfs = docs.map((d) => d.phrasings.map((p) => p.map((word) => this.termIdf(word))));
    this.scores = new Float64Array(n);
    this.cover = new Float64Array(n);
    this.groupScore = new Float64Array(n);
    this.groupStrength = new Float64Array(n);
    this.mark = new Int32Array(n);
    this.groupMark = new Int32Array(n);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  terms(): ReadonlySet<string> {
    return new Set(this.postings.keys());
  }

  /** Idf of a question word: that of its rarest indexed term, or unknownIdf when none is indexed. */
  groupIdf(group: TermGroup): number {
    let best = -1;
    for (const t of group.terms) {
      const idf = this.idfs.get(t);
      if (idf !== undefined && idf > best) best = idf;
    }
    if (best >= 0) return best;
    // Long unknown words are nouns the knowledge base never mentions ("barnehageplass"); short ones
    // are more often typos or chat filler.
    return group.readAs.length >= LONG_UNKNOWN ? this.unknownIdf / UNKNOWN_SHARE : this.unknownIdf;
  }

  private termIdf(terms: readonly string[]): number {
    let best = 0;
    for (const t of terms) {
      const idf = this.idfs.get(t);
      if (idf !== undefined && idf > best) best = idf;
    }
    return best;
  }

  /**
   * Weighted Jaccard similarity of the question and the document's closest phrasing: matched idf
   * mass over the mass of the question plus the phrasing's words the question does not have.
   */
  phraseSimilarity(groups: readonly TermGroup[], groupIdfs: readonly number[], doc: number): number {
    let best = 0;
    const total = groupIdfs.reduce((a, b) => a + b, 0);
    const idfs = this.phrasingIdfs[doc] ?? [];
    (this.phrasings[doc] ?? []).forEach((phrasing, pi) => {
      let matched = 0;
      groups.forEach((g, i) => {
        if (phrasing.some((word) => g.terms.some((t) => word.includes(t)))) matched += groupIdfs[i] as number;
      });
      if (matched === 0) return;
      let extra = 0;
      const wordIdfs = idfs[pi] ?? [];
      phrasing.forEach((word, wi) => {
        if (!groups.some((g) => g.terms.some((t) => word.includes(t)))) extra += wordIdfs[wi] ?? 0;
      });
      const sim = matched / (total + extra);
      if (sim > best) best = sim;
    });
    return best;
  }

  /**
   * Scores the documents allowed by `allow` (all when undefined) against the question's groups.
   * Runs in time proportional to the postings of the question's terms.
   */
  search(groups: readonly TermGroup[], allow: Uint8Array | undefined, limit: number): SearchResult {
    const stamp = ++this.stamp;
    const touched: number[] = [];
    let questionMass = 0;
    for (const group of groups) {
      const gidf = group.optional ? 0 : this.groupIdf(group);
      questionMass += gidf;
      const gstamp = ++this.stamp;
      const groupTouched: number[] = [];
      for (const term of group.terms) {
        const p = this.postings.get(term);
        if (!p) continue;
        const idf = this.idfs.get(term) ?? 0;
        const { docs, weights, strengths } = p;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] as number;
          if (allow && allow[doc] === 0) continue;
          const value = idf * (weights[i] as number);
          const strength = strengths[i] as number;
          if (this.groupMark[doc] !== gstamp) {
            this.groupMark[doc] = gstamp;
            this.groupScore[doc] = value;
            this.groupStrength[doc] = strength;
            groupTouched.push(doc);
          } else {
            if (value > (this.groupScore[doc] as number)) this.groupScore[doc] = value;
            if (strength > (this.groupStrength[doc] as number)) this.groupStrength[doc] = strength;
          }
        }
      }
      for (const doc of groupTouched) {
        if (this.mark[doc] !== stamp) {
          this.mark[doc] = stamp;
          this.scores[doc] = 0;
          this.cover[doc] = 0;
          touched.push(doc);
        }
        this.scores[doc] = (this.scores[doc] as number) + (this.groupScore[doc] as number);
        this.cover[doc] = (this.cover[doc] as number) + gidf * (this.groupStrength[doc] as number);
      }
    }
    // First pass: the best few by bag-of-words score; second: rerank them with phrase similarity.
    const pool = Math.max(limit * 3, 12);
    const candidates = this.topByScore(touched, pool, (doc) => this.scores[doc] as number);
    const perGroupBest = new Map<number, number>();
    for (const doc of touched) {
      const g = this.groupOf[doc] as number;
      const prev = perGroupBest.get(g);
      if (prev === undefined || (this.scores[doc] as number) > (this.scores[prev] as number)) perGroupBest.set(g, doc);
    }
    // Other groups' best documents are only reranked when they could tie with the best one.
    const leader = candidates[0] === undefined ? 0 : (this.scores[candidates[0]] as number);
    for (const doc of perGroupBest.values()) {
      if ((this.scores[doc] as number) >= RERANK_SHARE * leader && !candidates.includes(doc)) candidates.push(doc);
    }
    const groupIdfs = groups.map((g) => (g.optional ? 0 : this.groupIdf(g)));
    const top: ScoredDoc[] = [];
    const bestPerGroup = new Map<number, ScoredDoc>();
    for (const doc of candidates) {
      const phraseSimilarity = this.phraseSimilarity(groups, groupIdfs, doc);
      const score = (this.scores[doc] as number) + PHRASE_WEIGHT * phraseSimilarity * questionMass;
      const coverage = questionMass > 0 ? (this.cover[doc] as number) / questionMass : 0;
      const scored = { doc, score, coverage, phraseSimilarity };
      const g = this.groupOf[doc] as number;
      const prev = bestPerGroup.get(g);
      if (!prev || score > prev.score) bestPerGroup.set(g, scored);
      if (top.length < limit || score > (top[top.length - 1] as ScoredDoc).score) {
        let i = top.length < limit ? top.length : top.length - 1;
        while (i > 0 && (top[i - 1] as ScoredDoc).score < score) {
          top[i] = top[i - 1] as ScoredDoc;
          i--;
        }
        top[i] = scored;
      }
    }
    return { top, bestPerGroup, questionMass };
  }

  private topByScore(docs: readonly number[], limit: number, scoreOf: (doc: number) => number): number[] {
    const top: number[] = [];
    for (const doc of docs) {
      const score = scoreOf(doc);
      if (top.length < limit || score > scoreOf(top[top.length - 1] as number)) {
        let i = top.length < limit ? top.length : top.length - 1;
        while (i > 0 && scoreOf(top[i - 1] as number) < score) {
          top[i] = top[i - 1] as number;
          i--;
        }
        top[i] = doc;
      }
    }
    return top;
  }
}
