import { words as englishStopwords } from "natural/lib/natural/util/stopwords.js";
import { words as norwegianStopwords } from "natural/lib/natural/util/stopwords_no.js";
import type { Lang } from "../knowledge/types.js";
import { foldText, wordsOf } from "./normalize.js";

export interface LanguageGuess {
  readonly lang: Lang;
  /** False when the text gave no evidence either way and the default was used. */
  readonly sure: boolean;
}

/** Common chat words the stop-word lists lack. */
const EXTRA: Record<Lang, readonly string[]> = {
  nb: [
    "hei",
    "takk",
    "hva",
    "hvordan",
    "hvorfor",
    "hvem",
    "kan",
    "jeg",
    "dere",
    "deres",
    "ikke",
    "og",
    "til",
    "er",
    "har",
    "vil",
    "mvh",
    "hilsen",
    "menneske",
    "snakke",
    "trenger",
    "hjelp",
    "noen",
    "gjerne",
    "apent",
    "apningstid",
    "apningstider",
    "telefonnummer",
    "nummer",
    "epost",
    "ringe",
    "kundeservice",
    "lordag",
    "sondag",
    "helg",
    "ja",
    "nei",
    "finnes",
    "hvilke",
    "hvilken",
    "hvor",
    "lenge",
    "koster",
    "sende",
    "melde",
    "feil",
    "bra",
    "mye",
    "ogsa",
    "tusen",
  ],
  en: [
    "hi",
    "hello",
    "thanks",
    "please",
    "pls",
    "what",
    "how",
    "why",
    "who",
    "can",
    "could",
    "you",
    "your",
    "the",
    "is",
    "are",
    "do",
    "does",
    "open",
    "opening",
    "hours",
    "phone",
    "number",
    "call",
    "email",
    "address",
    "human",
    "person",
    "agent",
    "speak",
    "talk",
    "need",
    "help",
    "someone",
    "weekend",
    "saturday",
    "sunday",
    "much",
    "long",
    "send",
    "report",
    "error",
    "when",
    "where",
    "which",
    "there",
    "get",
    "customer",
    "service",
    "support",
    "want",
    "it",
    "of",
  ],
};

function folded(words: Iterable<string>): Set<string> {
  return new Set([...words].map(foldText));
}

/**
 * A small bag-of-words language guesser for short customer messages. Words seen in the knowledge
 * base's phrasings of one language only also count. Letters æ, ø and å settle it for Norwegian.
 */
export class LanguageDetector {
  private readonly nb: Set<string>;
  private readonly en: Set<string>;

  constructor(phrasings: { readonly nb: Iterable<string>; readonly en: Iterable<string> }) {
    this.nb = folded([...norwegianStopwords, ...EXTRA.nb]);
    this.en = folded([...englishStopwords, ...EXTRA.en]);
    const nbWords = new Set<string>();
    const enWords = new Set<string>();
    for (const p of phrasings.nb) for (const w of wordsOf(foldText(p))) nbWords.add(w);
    for (const p of phrasings.en) for (const w of wordsOf(foldText(p))) enWords.add(w);
    for (const w of nbWords) if (!enWords.has(w) && !this.en.has(w)) this.nb.add(w);
    for (const w of enWords) if (!nbWords.has(w) && !this.nb.has(w)) this.en.add(w);
  }

  detect(text: string, fallback: Lang): LanguageGuess {
    let nb = /[æøåÆØÅ]/.test(text) ? 2 : 0;
    let en = 0;
    for (const w of wordsOf(foldText(text))) {
      const inNb = this.nb.has(w);
      const inEn = this.en.has(w);
      if (inNb && !inEn) nb += 1;
      else if (inEn && !inNb) en += 1;
      else if (inNb && inEn) {
        nb += 0.25;
        en += 0.25;
      }
    }
    if (nb === en) return { lang: fallback, sure: false };
    return { lang: nb > en ? "nb" : "en", sure: true };
  }
}
