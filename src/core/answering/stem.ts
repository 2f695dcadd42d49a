import englishStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import norwegianStemmer from "natural/lib/natural/stemmers/porter_stemmer_no.js";

/**
 * Stems of a folded word under the Norwegian and the English Porter stemmers. Short words
 * (≤ 3 letters) are kept as they are: the stemmers mangle them ("tlf", "nr", "dnb").
 * Both stems are used because short customer messages rarely tell their language reliably.
 */
const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 200_000;

const AGENT_PLURAL = /^.{2,}[^aeiouyæøå]erne$/;
/** Words in -erne that are not plurals of -er nouns. */
const NOT_AGENT_PLURAL = new Set(["moderne", "interne", "eksterne", "hjerne", "konserne", "kaserne", "tverne"]);

export function stemsOf(word: string): readonly string[] {
  if (word.length <= 3 || /^\d+$/.test(word)) return [word];
  const hit = cache.get(word);
  if (hit) return hit;
  // Stemming twice makes definite and indefinite forms meet where one pass does not:
  // "telefonnummeret" → "telefonnummer" → "telefonnumm" = "telefonnummer" → "telefonnumm".
  // The Norwegian stemmer leaves the plural of agent nouns in -er ("teknikerne", "brukerne",
  // "rådgiverne") apart from the singular: read the plural as the singular first.
  const base = AGENT_PLURAL.test(word) && !NOT_AGENT_PLURAL.has(word) ? word.slice(0, -2) : word;
  const once = norwegianStemmer.stem(base);
  const nb = once.length > 3 ? norwegianStemmer.stem(once) : once;
  const en = englishStemmer.stem(word);
  const stems = nb === en ? [nb] : [nb, en];
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stems);
  return stems;
}
