import { foldText } from "./normalize.js";

/**
 * Concepts that customers name in many ways. A word maps to a concept term ("#phone") that is
 * indexed and searched next to the word's own stems, so "ringe", "tlf" and "phone number" meet
 * "telefon". A trailing "*" marks a prefix root (Norwegian inflects at the end of the word).
 * Words are folded (æøå → a/e/o) before lookup, so list them in any spelling.
 */
const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  phone: [
    "telefon*",
    "tlf",
    "tel",
    "nummer",
    "nummeret",
    "numre",
    "numrene",
    "nr",
    "ring",
    "ringe",
    "ringer",
    "ringt",
    "phone*",
    "telephone*",
    "call",
    "calls",
    "calling",
    "called",
    "number",
    "numbers",
    "mobil",
    "mobilen",
    "mobilnummer*",
    "mobiltelefon*",
    "mobile",
  ],
  email: ["epost*", "email*", "mail", "mails", "mailen", "mailer", "mailadresse*", "emailadresse*", "mailto", "maile"],
  address: ["adresse", "adressen", "adresser", "postadresse*", "besoksadresse*", "address*", "postboks", "postbox"],
  hours: [
    "open",
    "opens",
    "opening",
    "kl",
    "klokka",
    "klokken",
    "jobb",
    "apningstid*",
    "apent",
    "apen",
    "bemann*",
    "stengt",
    "stenger",
    "stengetid*",
    "hours",
    "staffed",
    "closed",
    "dognapen",
    "dognapne",
    "dognapent",
    "dognbemann*",
    "apningstider",
    "openinghours",
  ],
  weekend: ["helg*", "weekend*", "lordag*", "sondag*", "saturday*", "sunday*"],
  weekday: ["hverdag*", "virkedag*", "arbeidsdag*", "ukedag*", "weekday*", "workday*", "businessday*"],
  evening: ["kveld*", "natt*", "evening*", "night*", "overnight"],
  chat: ["chat", "chatte*", "chatten", "chatting", "chattet", "chatlogg*", "chattelogg*", "chattlogg*"],
  bot: ["chatbot*", "bot", "boten", "robot*", "aino"],
  social: ["facebook", "twitter", "instagram", "messenger", "sosialemedier", "socialmedia"],
  privacy: ["personvern*", "personopplysning*", "personinfo*", "privacy", "gdpr", "personaldata", "personal"],
  retention: [
    "lagr*",
    "lagre",
    "oppbevar*",
    "store",
    "stored",
    "storing",
    "keep",
    "kept",
    "retention",
    "retain*",
    "save*",
  ],
  deletion: ["slett*", "delete*", "deleting", "deletion", "erase*", "fjern*", "remove*", "removal"],
  outside: ["utenom", "utenfor", "outside", "after", "etter"],
  duration: ["howlong", "lenge", "long"],
  purpose: ["hvorfor", "why", "formal", "formalet", "purpose", "grunnlag*", "basis", "reason*", "grunn", "grunnen"],
  insight: ["innsyn*", "kopi", "kopien", "copy", "export*", "eksport*", "portab*", "utlever*"],
  fault: [
    "odelagt",
    "broken",
    "fungerer",
    "krasj*",
    "crash*",
    "feil",
    "feilen",
    "feilene",
    "feilmelding*",
    "error*",
    "fault*",
    "bug",
    "bugs",
    "problem*",
    "funker",
    "virker",
  ],
  outage: [
    "driftsmelding*",
    "driftsavvik*",
    "driftsforstyrr*",
    "driftsproblem*",
    "nedetid*",
    "nede",
    "outage*",
    "downtime",
    "avvik",
    "avvikene",
    "avvikshendelse*",
    "disruption*",
  ],
  support: [
    "kundeservice*",
    "kundesenter*",
    "kundesenteret",
    "support",
    "brukerstotte*",
    "servicedesk*",
    "helpdesk*",
    "kundestotte*",
    "brukerservice",
  ],
  price: [
    "kost",
    "koster",
    "kostnad*",
    "pris",
    "prisen",
    "priser",
    "gratis",
    "cost",
    "costs",
    "price*",
    "free",
    "fee*",
    "charge*",
  ],
  responsetime: ["svartid*", "responstid*", "losningstid*", "response", "besvares", "besvart", "svare", "svarer"],
  urgent: [
    "haster",
    "hast",
    "akutt*",
    "urgent*",
    "emergency",
    "vakt",
    "vakta",
    "vakten",
    "beredskap*",
    "standby",
    "oncall",
  ],
  meeting: ["mote", "moter", "motet", "motene", "motefora", "meeting*"],
  account: ["konto", "kontoen", "kontoer", "kontoene", "bankkonto*", "account*"],
  onlinebank: ["nettbank*", "mobilbank*", "onlinebank*", "netbank*"],
  contact: [
    "kontakt",
    "kontakte",
    "kontakter",
    "kontaktet",
    "kontaktinfo*",
    "contact",
    "contacting",
    "reach",
    "henvend*",
    "enquir*",
    "inquir*",
  ],
  access: ["tilgang*", "access", "rettighet*", "permission*"],
  order: ["bestill*", "order", "ordering", "avrop*"],
  computer: [
    "pc",
    "pcen",
    "pcer",
    "pc-en",
    "datamaskin*",
    "computer*",
    "laptop*",
    "maskinen",
    "baerbar*",
    "skjerm*",
    "screen*",
  ],
  case: ["sak", "saken", "saker", "sakene", "saksnummer*", "case", "cases", "ticket*", "supportsak*"],
  customer: ["kunde", "kunder", "kunden", "customer*", "client*"],
  escalation: ["eskaler*", "escalat*"],
  priority: ["prioritet*", "prioriter*", "priorit*"],
};

/** Multi-word names joined into one word before tokenising (folded spelling, whole words). */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = (
  [
    ["sosiale? medi(?:er|a|ene)", "sosialemedier"],
    ["social media", "socialmedia"],
    ["customer service", "kundeservice"],
    ["customer support", "kundeservice"],
    ["service desk", "servicedesk"],
    ["help ?desk", "helpdesk"],
    ["opening hours?", "openinghours"],
    ["business days?", "businessday"],
    ["working days?", "workday"],
    ["week ?days?", "weekday"],
    ["online bank(?:ing)?", "onlinebank"],
    ["personal data", "personaldata"],
    ["chat ?logg?s?", "chatlogg"],
    ["get in touch", "contact"],
    ["on call", "oncall"],
    ["24 ?/ ?7", "dognapen"],
    ["24 ?timer", "dognapen"],
    ["(?:hele )?dognet rundt", "dognapen"],
    ["around the clock", "dognapen"],
    ["round the clock", "dognapen"],
    ["e ?mail", "email"],
    ["e ?post", "epost"],
    ["tlf ?nr", "telefon"],
    ["what time", "when"],
    ["hvilken tid", "nar"],
    ["how long", "howlong"],
    ["hvor lenge", "howlong"],
    ["hvor lang tid", "howlong"],
    ["not working", "broken"],
    ["(?:share|stock) prices?", "aksjekurs"],
    ["interest rates?", "rente"],
    ["exchange rates?", "valutakurs"],
  ] as const
).map(([pattern, word]) => [new RegExp(`^(?:${pattern})$`), word] as const);

/** One pass over the text for all phrases; the matched phrase is then looked up in PHRASES. */
const ANY_PHRASE = new RegExp(
  `(?<![a-z0-9])(?:${PHRASES.map(([re]) => re.source.slice(4, -2)).join("|")})(?![a-z0-9])`,
  "g",
);

/** Joins multi-word names in folded text ("social media" → "socialmedia"). */
export function joinPhrases(folded: string): string {
  return folded.replace(ANY_PHRASE, (phrase) => PHRASES.find(([re]) => re.test(phrase))?.[1] ?? phrase);
}

const exact = new Map<string, string[]>();
const prefixes = new Map<string, string[]>();
let minPrefix = Number.POSITIVE_INFINITY;
let maxPrefix = 0;

for (const [concept, words] of Object.entries(CONCEPTS)) {
  const term = `#${concept}`;
  for (const raw of words) {
    const isPrefix = raw.endsWith("*");
    const word = foldText(isPrefix ? raw.slice(0, -1) : raw);
    const map = isPrefix ? prefixes : exact;
    const list = map.get(word) ?? [];
    if (!list.includes(term)) list.push(term);
    map.set(word, list);
    if (isPrefix) {
      minPrefix = Math.min(minPrefix, word.length);
      maxPrefix = Math.max(maxPrefix, word.length);
    }
  }
}

/** Concept terms ("#phone", ...) a folded word belongs to; empty when none. */
export function conceptsOf(word: string): readonly string[] {
  const direct = exact.get(word);
  let found: string[] | undefined = direct ? [...direct] : undefined;
  const upper = Math.min(maxPrefix, word.length);
  for (let len = minPrefix; len <= upper; len++) {
    const hit = prefixes.get(word.slice(0, len));
    if (hit) {
      found ??= [];
      for (const c of hit) if (!found.includes(c)) found.push(c);
    }
  }
  return found ?? [];
}

/** Every folded synonym word and prefix root, so the spelling corrector knows them. */
export function synonymVocabulary(): readonly string[] {
  return [...exact.keys(), ...prefixes.keys()];
}
