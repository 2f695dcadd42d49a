import englishStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import norwegianStemmer from "natural/lib/natural/stemmers/porter_stemmer_no.js";

/**
 * Stems of a folded word under the Norwegian and the English Porter stemmers. Short words
 * (≤ 3 letters) are kept as they are: the stemmers mangle them ("tlf", "nr", "dnb").
 * Both stems are used because short customer messages rarely tell their language reliably.
 */
const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 200_000;

export function stemsOf(word: string): readonly string[] {
  if (word.length <= 3 || /^\d+$/.test(word)) return [word];
  const hit = cache.get(word);
  if (hit) return hit;
  // Stemming twice makes definite and indefinite forms meet where one pass does not:
  // "telefonnummeret" → "telefonnummer" → "telefonnumm" = "telefonnummer" → "telefonnumm".
  const once = norwegianStemmer.stem(word);
  const nb = once.length > 3 ? norwegianStemmer.stem(once) : once;
  const en = englishStemmer.stem(word);
  const stems = nb === en ? [nb] : [nb, en];
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stems);
  return stems;
}
