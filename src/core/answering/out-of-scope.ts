import { foldText, wordsOf } from "./normalize.js";
import { joinPhrases } from "./synonyms.js";

/** Why a question is out of scope: off topic for customer service, or about a product the sources do not cover. */
export type OutOfScopeKind = "off-topic" | "product";

/**
 * Topic words that mark a question as something a customer-service knowledge base does not answer.
 * "*" marks a prefix root. Off-topic questions are always declined; product questions are declined
 * unless an entry's own questions are about that product (the engine checks this).
 */
const TOPICS: Readonly<Record<OutOfScopeKind, readonly string[]>> = {
  "off-topic": [
    // homework, school, writing
    "lekse*",
    "leksa",
    "matteleks*",
    "homework",
    "skoleoppgave*",
    "bacheloroppgave*",
    "masteroppgave*",
    "essay*",
    "assignment*",
    "thesis",
    "matte",
    "matteoppgave*",
    "mattelekse*",
    "matematikk*",
    "math",
    "maths",
    "mathematics",
    "algebra",
    "ligning*",
    "equation*",
    "regnestykke*",
    "brok",
    "derivert*",
    "dikt",
    "diktet",
    "poem*",
    "oversett*",
    "translate*",
    "eksamen*",
    "exam",
    "exams",
    "kvadratrot*",
    "sqrt",
    // food and home
    "middag*",
    "dinner*",
    "lunsj*",
    "lunch*",
    "frokost*",
    "breakfast*",
    "oppskrift*",
    "recipe*",
    "mat",
    "food",
    "pizza*",
    "taco*",
    "kake*",
    "cake*",
    "baking",
    "koke",
    "cooking",
    "vaffel*",
    "husarbeid*",
    "rydde*",
    // weather
    "veret",
    "verer",
    "vermelding*",
    "weather*",
    "regn",
    "regner",
    "rain",
    "raining",
    "rainy",
    "sno",
    "snor",
    "snow*",
    "temperatur*",
    "temperature*",
    "grader",
    "degrees",
    "sunny",
    "forecast*",
    "yr",
    // jokes, chit-chat, entertainment
    "vits*",
    "joke*",
    "morsom*",
    "funny",
    "humor*",
    "riddle*",
    "sang",
    "song*",
    "film*",
    "movie*",
    "netflix",
    "musikk*",
    "music*",
    "fotball*",
    "football*",
    "soccer",
    "sport*",
    "seiltur*",
    "ferie*",
    "vacation*",
    "kjaereste*",
    "dating",
    // general knowledge, politics
    "hovedstad*",
    "president*",
    "statsminister*",
    "planet*",
    "universet",
    "bursdag*",
    "birthday*",
    "politik*",
    "politic*",
    "election*",
    "stortingsvalg*",
  ],
  product: [
    // bank and finance products the sources do not cover
    "boliglan*",
    "lan",
    "lanet",
    "lane",
    "laner",
    "mortgage*",
    "loan*",
    "rente*",
    "renta",
    "eurokurs*",
    "dollarkurs*",
    "kronekurs*",
    "kursen",
    "forbrukslan*",
    "billan*",
    "studielan*",
    "kreditt*",
    "credit*",
    "kredittkort*",
    "creditcard*",
    "kort",
    "kortet",
    "card",
    "cards",
    "forsikring*",
    "insurance*",
    "fond",
    "fondet",
    "fondene",
    "fund",
    "funds",
    "sparing*",
    "sparekonto*",
    "savings",
    "aksje*",
    "stock*",
    "valuta*",
    "currency*",
    "bitcoin*",
    "krypto*",
    "crypto*",
    "pensjon*",
    "pension*",
    "bsu",
    "investering*",
    "invest*",
    "utbytte*",
    "dividend*",
    "regnskapstall*",
    "kvartalstall*",
    "arsrapport*",
    "profit*",
    "revenue*",
    "eiendomsmegl*",
    "megler*",
    "bolig",
    "boligen",
    "boliger",
    "leilighet*",
    "apartment*",
    "bil",
    "bilen",
    "car",
    "cars",
    "vipps",
    "paypal",
    // facts about the company the sources do not give
    "organisasjonsnum*",
    "orgnummer*",
    "orgnr",
    "foretaksnummer*",
    "antallansatte",
    "omsetning*",
    "turnover",
    "headcount",
    // public and everyday services none of these organisations offer
    "barnehage*",
    "byggesak*",
    "byggetillat*",
    "parkering*",
    "taxi*",
    "drosje*",
    "soppel*",
    "renovasjon*",
    "passport*",
    "forerkort*",
    "skatt*",
    "legevakt*",
    "fastlege*",
    "vinmonopol*",
    "billett*",
    "stilling*",
    "vacanc*",
    "career*",
    "karriere*",
    "restaurant*",
    "hotell*",
    "hotel*",
  ],
};

const exact = new Map<string, OutOfScopeKind>();
const prefixes = new Map<string, OutOfScopeKind>();
for (const [kind, words] of Object.entries(TOPICS) as [OutOfScopeKind, readonly string[]][]) {
  for (const raw of words) {
    if (raw.endsWith("*")) prefixes.set(foldText(raw.slice(0, -1)), kind);
    else exact.set(foldText(raw), kind);
  }
}

/** Roots this long also match as the head of a compound ("reiseforsikring", "bussbillett"). */
const COMPOUND_HEAD = 6;

function topicOf(word: string): OutOfScopeKind | undefined {
  const hit = exact.get(word);
  if (hit) return hit;
  for (let len = Math.min(word.length, 16); len >= 3; len--) {
    const p = prefixes.get(word.slice(0, len));
    if (p) return p;
  }
  for (let start = 3; start <= word.length - COMPOUND_HEAD; start++) {
    for (let len = COMPOUND_HEAD; start + len <= word.length && len <= 16; len++) {
      const p = prefixes.get(word.slice(start, start + len));
      if (p) return p;
    }
  }
  return undefined;
}

/** "2+2", "hva er 7 ganger 8", "what is 12 / 4", "regn ut 3*9". */
const ARITHMETIC = [
  /\d\s*(?:[+*×÷^=]|\*\*)\s*\d/,
  /(?:hva|what|whats|how much)\s+(?:er|is|blir|makes|are)?\s*-?\d+(?:[.,]\d+)?\s*(?:[-/x]|minus|pluss|plus|ganger|times|delt|divided|multiplied)\s*(?:pa|by|with|med)?\s*-?\d/,
  /(?:regn ut|calculate|compute|solve|los)\s+\S*\d/,
];

const MEAL = /^(?:lunsj|lunch|frokost|breakfast|middag|dinner)/;
const MEAL_TIME = /(?:tid|tida|tiden|tider|time|times|pause|pausen|break)$/;
const TIME_PREPOSITION = /^(?:rundt|ved|etter|siden|innen|around|at|after|before|since|during|until|till)$/;

export interface OutOfScope {
  readonly kind: OutOfScopeKind;
  /** The words (or "arithmetic") that gave it away. */
  readonly cues: readonly string[];
}

/**
 * Recognises questions that are plainly outside customer service (homework, arithmetic, dinner,
 * weather, jokes) or about products the knowledge base does not cover (loans, cards, stocks...).
 */
export function detectOutOfScope(text: string): OutOfScope | undefined {
  const folded = foldText(text);
  if (ARITHMETIC.some((re) => re.test(folded))) return { kind: "off-topic", cues: ["arithmetic"] };
  const cues: Record<OutOfScopeKind, string[]> = { "off-topic": [], product: [] };
  const words = wordsOf(joinPhrases(folded));
  words.forEach((word, i) => {
    const kind = topicOf(word);
    // "around lunch on a Wednesday", "etter middag", "lunsjtider": a time of day, not the topic.
    if (kind === "off-topic" && MEAL.test(word) && (MEAL_TIME.test(word) || TIME_PREPOSITION.test(words[i - 1] ?? "")))
      return;
    if (kind) cues[kind].push(word);
  });
  if (cues.product.length > 0) return { kind: "product", cues: cues.product };
  if (cues["off-topic"].length > 0) return { kind: "off-topic", cues: cues["off-topic"] };
  return undefined;
}
