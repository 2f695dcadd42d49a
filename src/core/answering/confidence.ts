/** What the scorer knows about the best candidate of a question. */
export interface MatchFeatures {
  /** Share (0–1) of the question's idf mass the best entry covers. */
  readonly coverage: number;
  /** Weighted Jaccard similarity of the question and the best entry's closest phrasing. */
  readonly phraseSimilarity: number;
  /** Score of the runner-up entry divided by the best entry's score (0 when there is none). */
  readonly runnerUpRatio: number;
  /** Number of content words in the question. */
  readonly words: number;
  /** Share (0–1) of the question's idf mass from words no entry contains (0 when absent). */
  readonly unknownShare?: number;
  /** Idf mass of the topical question words the best entry covers, in units of the largest idf (0 when absent). */
  readonly evidence?: number;
}

/**
 * Logistic calibration of match features to the probability that the best entry is the right answer.
 * The coefficients come from a logistic regression of "the best entry is a right answer" on these
 * features over the questions of test/eval/questions.jsonl that reach the scorer; `npm run eval`
 * prints the reliability table (confidence bucket → share right) to check them against.
 */
export const CALIBRATION = {
  bias: -2.99,
  coverage: 2.77,
  phrase: 2.6,
  runnerUp: -1.15,
  shortQuestion: 0.02,
  unknown: -2.0,
  evidence: 1.57,
} as const;

export function answerConfidence(f: MatchFeatures, c: typeof CALIBRATION = CALIBRATION): number {
  const z =
    c.bias +
    c.coverage * f.coverage +
    c.phrase * f.phraseSimilarity +
    c.runnerUp * f.runnerUpRatio +
    c.shortQuestion * (f.words <= 1 ? 1 : 0) +
    c.unknown * (f.unknownShare ?? 0) +
    c.evidence * Math.min(1.5, f.evidence ?? 0);
  const p = 1 / (1 + Math.exp(-z));
  // Matching only common words ("hvor gammel er du") is no evidence of the topic at all, unless the
  // question is one of the entry's own phrasings ("hvor ligger move?"): the knowledge base expects it.
  const ownPhrasing = f.phraseSimilarity >= EXACT_PHRASING && f.coverage >= EXACT_PHRASING;
  return f.evidence !== undefined && f.evidence <= 0 && !ownPhrasing ? Math.min(p, NO_EVIDENCE_CAP) : p;
}

/** Highest confidence of a match on common words alone. */
const NO_EVIDENCE_CAP = 0.2;
/** Phrase similarity and coverage of a question that is, word for word, one of the entry's phrasings. */
const EXACT_PHRASING = 0.999;
