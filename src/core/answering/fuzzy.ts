import { DamerauLevenshteinDistance } from "natural/lib/natural/distance/levenshtein_distance.js";

/** Longest edit distance accepted for a word of this length (short words must match exactly). */
export function maxEditsFor(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}

/** Words up to this long are only corrected for a swapped or a missing letter. */
const SHORT_WORD = 5;

function isSwapOrMissing(word: string, candidate: string): boolean {
  if (candidate.length === word.length + 1) return true;
  if (candidate.length !== word.length) return false;
  return [...word].sort().join("") === [...candidate].sort().join("");
}

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * Spelling correction against a fixed vocabulary, in the style of SymSpell: every word and each
 * of its one-letter deletions is indexed, so a lookup costs O(word length) map probes plus a
 * Damerau-Levenshtein check (from `natural`) of the few candidates. Finds every vocabulary word
 * within one edit (insertion, deletion, substitution, transposition) and many within two.
 */
export class SpellingCorrector {
  private readonly byKey = new Map<string, string[]>();
  private readonly weight: ReadonlyMap<string, number>;

  /** @param vocabulary folded words with a weight (e.g. document frequency) used to break ties. */
  constructor(vocabulary: ReadonlyMap<string, number>) {
    this.weight = vocabulary;
    for (const word of vocabulary.keys()) {
      if (word.length < 4) continue;
      this.add(word, word);
      for (const d of deletes(word)) this.add(d, word);
    }
  }

  private add(key: string, word: string): void {
    const list = this.byKey.get(key);
    if (!list) this.byKey.set(key, [word]);
    else if (list[list.length - 1] !== word) list.push(word);
  }

  /** The closest known word, or undefined when none is close enough. */
  correct(word: string): string | undefined {
    const limit = maxEditsFor(word.length);
    if (limit === 0) return undefined;
    const candidates = new Set<string>();
    for (const key of [word, ...deletes(word)]) {
      const list = this.byKey.get(key);
      if (list) for (const w of list) candidates.add(w);
    }
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    let bestWeight = -1;
    for (const candidate of candidates) {
      if (Math.abs(candidate.length - word.length) > limit) continue;
      const allowed = Math.min(limit, maxEditsFor(candidate.length));
      const distance = DamerauLevenshteinDistance(word, candidate, { restricted: true });
      if (distance > allowed) continue;
      // Short words: only a swapped or a missing letter ("epsot", "ringr"); one changed letter too
      // often makes another real word ("helt" → "help", "mest" → "meet").
      if (word.length <= SHORT_WORD && distance > 0 && !isSwapOrMissing(word, candidate)) continue;
      const weight = this.weight.get(candidate) ?? 0;
      if (distance < bestDistance || (distance === bestDistance && weight > bestWeight)) {
        best = candidate;
        bestDistance = distance;
        bestWeight = weight;
      }
    }
    return best;
  }
}
