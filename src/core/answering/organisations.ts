import { DamerauLevenshteinDistance } from "natural/lib/natural/distance/levenshtein_distance.js";
import type { Organisation } from "../knowledge/types.js";
import { SpellingCorrector } from "./fuzzy.js";
import { foldText, wordsOf } from "./normalize.js";

/** Aliases of at least this many letters (spaces removed) also match with one typo. */
const FUZZY_ALIAS_MIN = 6;
const MAX_ALIAS_WORDS = 4;

/**
 * Finds the organisations a question names, by slug, short display name and aliases: whole-word
 * matches on folded text ("ror ikt", "ror-ikt", "rorikt" all match "ror-ikt"), and with one typo
 * for longer names ("oslo komune").
 */
export class OrganisationDetector {
  /** Alias with spaces removed → slugs. */
  private readonly joined = new Map<string, string[]>();
  private readonly corrector: SpellingCorrector;

  constructor(organisations: Iterable<Organisation>) {
    for (const org of organisations) {
      for (const name of [org.slug, org.name.nb, org.name.en, ...org.aliases]) {
        const words = wordsOf(foldText(name));
        // Long display names ("Oslo kommune – kundeservice for banktjenester") are not how people refer to them.
        if (words.length === 0 || words.length > MAX_ALIAS_WORDS) continue;
        const key = words.join("");
        const slugs = this.joined.get(key) ?? [];
        if (!slugs.includes(org.slug)) slugs.push(org.slug);
        this.joined.set(key, slugs);
      }
    }
    const fuzzy = new Map<string, number>();
    for (const key of this.joined.keys()) if (key.length >= FUZZY_ALIAS_MIN) fuzzy.set(key, 1);
    this.corrector = new SpellingCorrector(fuzzy);
  }

  /** Slugs named in the text, in order of first mention. */
  detect(text: string): string[] {
    const found: string[] = [];
    for (const m of this.mentions(text)) if (!found.includes(m.slug)) found.push(m.slug);
    return found;
  }

  /** Every mention of an organisation in the text: its slug and the (folded) words that name it. */
  mentions(text: string): { readonly slug: string; readonly words: readonly string[] }[] {
    const words = wordsOf(foldText(text));
    const found: { slug: string; words: string[] }[] = [];
    for (let i = 0; i < words.length; i++) {
      let joined = "";
      for (let span = 1; span <= MAX_ALIAS_WORDS && i + span <= words.length; span++) {
        joined += words[i + span - 1];
        let slugs = this.joined.get(joined);
        if (!slugs && joined.length >= FUZZY_ALIAS_MIN) {
          const near = this.corrector.correct(joined);
          if (near && DamerauLevenshteinDistance(joined, near, { restricted: true }) <= 1)
            slugs = this.joined.get(near);
        }
        if (slugs) for (const slug of slugs) found.push({ slug, words: words.slice(i, i + span) });
      }
    }
    return found;
  }
}
