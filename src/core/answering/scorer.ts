import type { TermGroup, WeightedTerms } from "./analyzer.js";

/** The analysed text of one document (an entry): its phrasings, tags and answer. */
export interface DocumentTerms {
  /** Each question phrasing (all languages) as its content words, each word as its weighted index terms. */
  readonly phrasings: readonly (readonly WeightedTerms[])[];
  readonly tags: readonly WeightedTerms[];
  readonly answer: readonly WeightedTerms[];
}

export interface ScoredDoc {
  readonly doc: number;
  /** Sum over question words of idf × field weight of the best matching term. */
  readonly score: number;
  /** Share (0–1) of the question's idf mass the document covers; answer-only matches count half. */
  readonly coverage: number;
  /** Weighted Jaccard similarity (0–1) of the question and the document's closest phrasing. */
  readonly phraseSimilarity: number;
  /**
   * Idf mass of the question's topical (not common) words the document covers, in units of the
   * largest possible idf: how much evidence there is, where coverage is a share.
   */
  readonly evidence: number;
}

export interface SearchResult {
  /** Best documents, best first (at most `limit`). */
  readonly top: readonly ScoredDoc[];
  /** Best document of each group (e.g. organisation) that matched at all. */
  readonly bestPerGroup: ReadonlyMap<number, ScoredDoc>;
  /** Idf mass of the question (the coverage denominator); 0 when it has no content word. */
  readonly questionMass: number;
  /** Share (0–1) of that mass from words no entry contains (other than common words). */
  readonly unknownShare: number;
}

const QUESTION_BASE = 0.6;
const QUESTION_SHARE = 0.8;
const TAG_WEIGHT = 0.5;
const ANSWER_WEIGHT = 0.3;
const ANSWER_K1 = 1.2;
const ANSWER_B = 0.5;
const ANSWER_ONLY_STRENGTH = 0.7;
/** Weight of the closest-phrasing similarity in the final score, relative to the question's idf mass. */
const PHRASE_WEIGHT = 0.75;
/**
 * A question word no entry contains weighs this share of the rarest possible term: unknown words
 * may be typos or chat filler, but a question made of them is not one the knowledge base answers.
 */
const UNKNOWN_SHARE = 0.6;
const LONG_UNKNOWN = 7;
/** A common word no entry uses weighs this share of the rarest possible term. */
const GENERAL_SHARE = 0.15;
/** A common word that entries do use ("gammel", "lager") counts this share of its idf. */
const GENERAL_KNOWN = 0.5;
/** A group's best document is reranked when its bag-of-words score is at least this share of the leader's. */
const RERANK_SHARE = 0.5;

interface Postings {
  docs: number[];
  weights: number[];
  strengths: number[];
}

/** One word of a phrasing: its terms and how much of the word each covers (parallel arrays). */
interface PhrasingWord {
  readonly terms: readonly string[];
  /** Null when every term covers the word fully (most words: saves memory on large bases). */
  readonly covers: readonly number[] | null;
}

/** Per question: term → the groups (question words) it stands for, with their cover. */
type QueryTerms = ReadonlyMap<string, readonly { readonly group: number; readonly cover: number }[]>;

function queryTerms(groups: readonly TermGroup[]): QueryTerms {
  const out = new Map<string, { group: number; cover: number }[]>();
  groups.forEach((g, group) => {
    g.terms.forEach((t, i) => {
      const list = out.get(t) ?? [];
      list.push({ group, cover: g.covers[i] ?? 1 });
      out.set(t, list);
    });
  });
  return out;
}

function phrasingWord(word: WeightedTerms): PhrasingWord {
  const m = toMap(word, true);
  const covers = [...m.values()];
  return { terms: [...m.keys()], covers: covers.every((c) => c === 1) ? null : covers };
}

function toMap(word: WeightedTerms, covers = false): Map<string, number> {
  const m = new Map<string, number>();
  word.terms.forEach((t, i) => {
    const w = (covers ? word.covers[i] : word.weights[i]) ?? 1;
    if (w > (m.get(t) ?? 0)) m.set(t, w);
  });
  return m;
}

/**
 * A BM25-style inverted index over entries. Question phrasings are the main field: a term's
 * weight grows with the share of phrasings that contain it, without BM25's length penalty (an
 * entry with many phrasings should not lose). Tags add a little, and the answer adds a
 * length-normalised BM25 term, so a question worded like the answer still finds its entry.
 * Every term carries a strength (1 for a word's own stems, less for synonyms and compound parts)
 * on both sides, so "vakttelefon" matches "telefon", but less than it matches "vakttelefon".
 */
export class TermIndex {
  readonly size: number;
  private readonly postings = new Map<string, { docs: Int32Array; weights: Float64Array; strengths: Float64Array }>();
  private readonly idfs = new Map<string, number>();
  /** Idf of a term no document contains: questions with unknown words lose coverage. */
  readonly unknownIdf: number;
  private readonly groupOf: Int32Array;
  private readonly phrasings: readonly (readonly PhrasingWord[])[][];
  /** Idf of each word of each phrasing (its rarest indexed term), for phrase similarity. */
  private readonly phrasingIdfs: readonly (readonly number[])[][];
  private readonly scores: Float64Array;
  private readonly cover: Float64Array;
  private readonly topical: Float64Array;
  private readonly maxIdf: number;
  private readonly groupScore: Float64Array;
  private readonly groupStrength: Float64Array;
  private readonly mark: Int32Array;
  private readonly groupMark: Int32Array;
  private stamp = 0;

  /** @param groupOf group (e.g. organisation number) of each document, reported in bestPerGroup. */
  constructor(docs: readonly DocumentTerms[], groupOf: readonly number[]) {
    this.size = docs.length;
    const n = docs.length;
    const answerLength = (d: DocumentTerms) => d.answer.length;
    const avgAnswer = docs.reduce((s, d) => s + answerLength(d), 0) / Math.max(1, n) || 1;
    const building = new Map<string, Postings>();
    docs.forEach((doc, id) => {
      const phrasingCount = new Map<string, number>();
      const phrasingQuality = new Map<string, number>();
      const cover = new Map<string, number>();
      const raise = (m: Map<string, number>, t: string, w: number) => {
        if (w > (m.get(t) ?? 0)) m.set(t, w);
      };
      for (const p of doc.phrasings) {
        const best = new Map<string, number>();
        for (const word of p)
          word.terms.forEach((t, i) => {
            raise(best, t, word.weights[i] ?? 1);
            raise(cover, t, word.covers[i] ?? 1);
          });
        for (const [t, w] of best) {
          phrasingCount.set(t, (phrasingCount.get(t) ?? 0) + 1);
          raise(phrasingQuality, t, w);
        }
      }
      const tags = new Map<string, number>();
      for (const word of doc.tags) {
        for (const [t, w] of toMap(word)) raise(tags, t, w);
        for (const [t, w] of toMap(word, true)) raise(cover, t, w);
      }
      const answerTf = new Map<string, number>();
      const answerCover = new Map<string, number>();
      for (const word of doc.answer) {
        for (const [t, w] of toMap(word)) answerTf.set(t, (answerTf.get(t) ?? 0) + w);
        for (const [t, w] of toMap(word, true)) raise(answerCover, t, w);
      }
      const norm = ANSWER_K1 * (1 - ANSWER_B + (ANSWER_B * doc.answer.length) / avgAnswer);
      const terms = new Set([...phrasingCount.keys(), ...tags.keys(), ...answerTf.keys()]);
      for (const term of terms) {
        const inQuestions = phrasingCount.get(term) ?? 0;
        const qQuality = phrasingQuality.get(term) ?? 0;
        const inQuestionsOrTags = cover.get(term) ?? 0;
        const tagQuality = tags.get(term) ?? 0;
        const tf = answerTf.get(term) ?? 0;
        let weight = 0;
        if (inQuestions > 0)
          weight += (QUESTION_BASE + (QUESTION_SHARE * inQuestions) / Math.max(1, doc.phrasings.length)) * qQuality;
        weight += TAG_WEIGHT * tagQuality;
        if (tf > 0) weight += (ANSWER_WEIGHT * (tf * (ANSWER_K1 + 1))) / (tf + norm) / (ANSWER_K1 + 1);
        const strength = Math.max(inQuestionsOrTags, ANSWER_ONLY_STRENGTH * (answerCover.get(term) ?? 0));
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
    this.phrasings = docs.map((d) => d.phrasings.map((p) => p.map(phrasingWord)));
    this.phrasingIdfs = this.phrasings.map((ps) => ps.map((p) => p.map((word) => this.wordIdf(word))));
    this.scores = new Float64Array(n);
    this.cover = new Float64Array(n);
    this.topical = new Float64Array(n);
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
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

  /** Idf of a question word: that of its rarest indexed term, or a share of the largest idf when none is indexed. */
  groupIdf(group: TermGroup): number {
    let best = -1;
    for (const t of group.terms) {
      const idf = this.idfs.get(t);
      if (idf !== undefined && idf > best) best = idf;
    }
    if (best >= 0) return group.general ? best * GENERAL_KNOWN : best;
    // A common word the knowledge base does not use is chat context ("lang historie, men ...").
    if (group.general) return (this.unknownIdf / UNKNOWN_SHARE) * GENERAL_SHARE;
    // Long unknown words are nouns the knowledge base never mentions ("barnehageplass"); short ones
    // are more often typos or chat filler.
    return group.readAs.length >= LONG_UNKNOWN ? this.unknownIdf / UNKNOWN_SHARE : this.unknownIdf;
  }

  private wordIdf(word: PhrasingWord): number {
    let best = 0;
    word.terms.forEach((t, i) => {
      const idf = (this.idfs.get(t) ?? 0) * (word.covers?.[i] ?? 1);
      if (idf > best) best = idf;
    });
    return best;
  }

  /**
   * Weighted Jaccard similarity of the question and the document's closest phrasing: matched idf
   * mass over the mass of the question plus the phrasing's words the question does not have.
   */
  phraseSimilarity(groupIdfs: readonly number[], query: QueryTerms, doc: number): number {
    let best = 0;
    const total = groupIdfs.reduce((a, b) => a + b, 0);
    const idfs = this.phrasingIdfs[doc] ?? [];
    const groupBest = new Float64Array(groupIdfs.length);
    const phrasings = this.phrasings[doc] ?? [];
    for (let pi = 0; pi < phrasings.length; pi++) {
      const phrasing = phrasings[pi] as readonly PhrasingWord[];
      const wordIdfs = idfs[pi] ?? [];
      groupBest.fill(0);
      let extra = 0;
      for (let wi = 0; wi < phrasing.length; wi++) {
        const word = phrasing[wi] as PhrasingWord;
        let used = false;
        for (let ti = 0; ti < word.terms.length; ti++) {
          const hits = query.get(word.terms[ti] as string);
          if (!hits) continue;
          used = true;
          const dc = word.covers === null ? 1 : (word.covers[ti] as number);
          for (const h of hits) {
            const m = dc * h.cover;
            if (m > (groupBest[h.group] as number)) groupBest[h.group] = m;
          }
        }
        if (!used) extra += wordIdfs[wi] ?? 0;
      }
      let matched = 0;
      for (let g = 0; g < groupIdfs.length; g++) matched += (groupIdfs[g] as number) * (groupBest[g] as number);
      if (matched === 0) continue;
      const sim = matched / (total + extra);
      if (sim > best) best = sim;
    }
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
    let unknownMass = 0;
    for (const group of groups) {
      const gidf = group.optional ? 0 : this.groupIdf(group);
      if (!group.general && !group.terms.some((t) => this.idfs.has(t))) unknownMass += gidf;
      questionMass += gidf;
      const gstamp = ++this.stamp;
      const groupTouched: number[] = [];
      const factor = group.general ? GENERAL_KNOWN : 1;
      const terms = group.terms;
      for (let ti = 0; ti < terms.length; ti++) {
        const term = terms[ti] as string;
        const p = this.postings.get(term);
        if (!p) continue;
        const qw = group.weights[ti] ?? 1;
        const idf = (this.idfs.get(term) ?? 0) * qw * factor;
        const rel = group.covers[ti] ?? 1;
        const { docs, weights, strengths } = p;
        const groupScore = this.groupScore;
        const groupStrength = this.groupStrength;
        const groupMark = this.groupMark;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] as number;
          if (allow && allow[doc] === 0) continue;
          const value = idf * (weights[i] as number);
          const strength = (strengths[i] as number) * rel;
          if (groupMark[doc] !== gstamp) {
            groupMark[doc] = gstamp;
            groupScore[doc] = value;
            groupStrength[doc] = strength;
            groupTouched.push(doc);
          } else {
            if (value > (groupScore[doc] as number)) groupScore[doc] = value;
            if (strength > (groupStrength[doc] as number)) groupStrength[doc] = strength;
          }
        }
      }
      for (const doc of groupTouched) {
        if (this.mark[doc] !== stamp) {
          this.mark[doc] = stamp;
          this.scores[doc] = 0;
          this.cover[doc] = 0;
          this.topical[doc] = 0;
          touched.push(doc);
        }
        this.scores[doc] = (this.scores[doc] as number) + (this.groupScore[doc] as number);
        const covered = gidf * (this.groupStrength[doc] as number);
        this.cover[doc] = (this.cover[doc] as number) + covered;
        if (!group.general && !group.intent) this.topical[doc] = (this.topical[doc] as number) + covered;
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
    const query = queryTerms(groups);
    const top: ScoredDoc[] = [];
    const bestPerGroup = new Map<number, ScoredDoc>();
    for (const doc of candidates) {
      const phraseSimilarity = this.phraseSimilarity(groupIdfs, query, doc);
      const score = (this.scores[doc] as number) + PHRASE_WEIGHT * phraseSimilarity * questionMass;
      const coverage = questionMass > 0 ? (this.cover[doc] as number) / questionMass : 0;
      const evidence = (this.topical[doc] as number) / this.maxIdf;
      const scored = { doc, score, coverage, phraseSimilarity, evidence };
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
    return { top, bestPerGroup, questionMass, unknownShare: questionMass > 0 ? unknownMass / questionMass : 0 };
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
