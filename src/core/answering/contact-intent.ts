import type { ContactPoint } from "../knowledge/types.js";
import type { ContactDirectory, ContactMention } from "./contact-directory.js";
import { plainWords } from "./contact-directory.js";
import { isGeneralWord } from "./lexicon.js";
import { stemsOf } from "./stem.js";
import { isStopword } from "./stopwords.js";
import { conceptsOf } from "./synonyms.js";

/** What a question asks about a contact point. */
export type ContactAttribute =
  | "phone"
  | "email"
  | "address"
  /** Specifically a postal or visiting address (not an e-mail address). */
  | "postal"
  | "web"
  | "who"
  | "contact"
  | "urgent"
  | "standby"
  | "hours";

/** Attributes that are answered with the contact point's own facts (not its hours). */
export const DETAIL_ATTRIBUTES: readonly ContactAttribute[] = [
  "phone",
  "email",
  "address",
  "postal",
  "web",
  "who",
  "contact",
  "urgent",
  "standby",
];

const WEB =
  /^(?:web\w*|nett|nettside\w*|nettsted\w*|hjemmeside\w*|webside\w*|lenke\w*|link\w*|url|website\w*|site|sider|sidene|portal\w*|kundeportal\w*|webskjema\w*|webform\w*|online)$/;
const WHO = /^(?:hvem|who|whom|navn|navnet|name|kontaktperson\w*)$/;
const WHICH = /^(?:hvilket|hvilken|hvilke|which|what)$/;
const UNIT = /^(?:team|teamet|avdeling\w*|enhet\w*|department|unit|person|personen|people|folk)$/;
const URGENT = /^(?:haster|hast|haste|akutt\w*|urgent\w*|emergency|emergencies|asap|kritisk\w*|critical)$/;
const FASTEST = /^(?:raskest\w*|fastest|quickest|kjappest\w*|snarest)$/;
const DOWN = /^(?:nede|down|krasjet|crashed)$/;
const STANDBY = /^(?:vakt|vakta|vakten|vakttelefon\w*|vaktnummer\w*|beredskap\w*|standby|oncall|duty)$/;
const ADDRESS_EXTRA = /^(?:brev|brevet|letter|post|postadresse\w*|besok\w*|visit\w*|ligger|kontoret|office)$/;
const POSTAL =
  /^(?:brev|brevet|letter|letters|post|postadresse\w*|postboks|postbox|besoksadresse\w*|gateadresse\w*|street|visit\w*|ligger|kontoret|kontor|office|located|lokalisert|postal|mailing)$/;
const PRONOUN = /^(?:de|dem|dei|they|them|their|han|hun|ham|henne|him|her|his|hans|hennes)$/;
const FOLLOW_UP_START = /^(?:og|and|enn|samt|also|men|but|hva med|what about|how about|og hva med|and what about)\b/;
/** Verbs of getting in touch, and question words: they say how to ask, not about what. */
const GENERIC =
  /^(?:sende|send|sender|ringe|ring|ringer|kontakte|kontakter|finne|finner|find|fa|far|bruke|bruker|use|skrive|skriver|write|trenger|need|na|reach|get|give|tell|gi|ha|have|hva|hvem|hvor|hvordan|nar|hvilket|hvilken|hvilke|who|what|where|how|when|which|whats|kan|can|tar|takes|take|seg|av|handle|handles|deal|med|with|og|and|nummer|number|adresse|address|dere|you|your|deres|deg|meg|me|i|is|er|the|a|an|en|et|til|to|for|pa|on|at|det|it|do|does|information|informasjon|info|details|detaljer|kontaktinformasjon\w*|kontaktinfo\w*|kontaktdetaljer|contact|kontakt|mate|mater|way|ways|snakke|snakker|prate|prater|talk|speak|diskutere|discuss|sporre|spor|ask|possible|instead|istedet|isteden|isteden for|rather|heller|eller|or|also|ogsa|mulig|able|could|would|please|imot|mot|mottar|motta|receive|receives|takes|besvarer|sporsmal|sporsmalene|question|questions|henvendelse|henvendelser|enquiries|inquiries)$/;

/** "Hvem kan kontakte kundeservice?", "who may call?": about who may, not how to. */
const WHO_MAY =
  /(?:^| )(?:hvem (?:kan|far|har lov)(?! (?:jeg|vi|man|du)\b)|who (?:can|may)(?! (?:i|we|one|you)\b)|who is allowed|er det lov|kan (?:elever|foresatte|foreldre|alle|hvem som helst))(?: |$)/;

export interface ContactIntent {
  /** The question's words, folded and read as bokmål (see plainWords). */
  readonly words: readonly string[];
  readonly attributes: ReadonlySet<ContactAttribute>;
  /** Contact points the question names, by name, role or a generic desk word. */
  readonly mentions: readonly ContactMention[];
  /** The question refers back ("og e-posten?", "what about the phone?", "når har de åpent?"). */
  readonly followUp: boolean;
  /** Indexes of words that only say what is asked (attribute words). */
  readonly attributeWords: ReadonlySet<number>;
  /** The question asks who may contact them, not how. */
  readonly whoMay: boolean;
}

function attributesOf(words: readonly string[]): { attributes: Set<ContactAttribute>; used: Set<number> } {
  const attributes = new Set<ContactAttribute>();
  const used = new Set<number>();
  const add = (a: ContactAttribute, i: number) => {
    attributes.add(a);
    used.add(i);
  };
  words.forEach((w, i) => {
    const concepts = conceptsOf(w);
    if (concepts.includes("#phone")) add("phone", i);
    if (concepts.includes("#email")) add("email", i);
    if (concepts.includes("#address") || ADDRESS_EXTRA.test(w)) add("address", i);
    if (POSTAL.test(w)) add("postal", i);
    if (concepts.includes("#hours")) add("hours", i);
    if (WEB.test(w)) add("web", i);
    if (WHO.test(w)) add("who", i);
    if (UNIT.test(w) && i > 0 && WHICH.test(words[i - 1] as string)) add("who", i);
    if (URGENT.test(w)) add("urgent", i);
    if (STANDBY.test(w)) add("standby", i);
    if (concepts.includes("#contact")) add("contact", i);
    // "nå dere" (reach you) is not "nå" (now).
    if (w === "na" && /^(?:dere|dem|deg|ham|henne|han|hun|dykk)$/.test(words[i + 1] ?? "")) add("contact", i);
    // "hvordan når jeg dere?" (how do I reach you) is not "når" (when).
    if (
      w === "nar" &&
      words[i - 1] === "hvordan" &&
      /^(?:jeg|vi|man|du)$/.test(words[i + 1] ?? "") &&
      /^(?:dere|dem|deg|ham|henne|kundeservice\w*|servicedesk\w*|support\w*)$/.test(words[i + 2] ?? "")
    )
      add("contact", i);
    if (FASTEST.test(w) || DOWN.test(w)) used.add(i);
  });
  const text0 = words.join(" ");
  if (
    /(?:^| )(?:fa|far) (?:(?:jeg|du|vi|man|eg|me) )?tak (?:i|pa)(?: |$)|get hold of|get in touch|(?:komme|kommer) i kontakt/.test(
      text0,
    )
  ) {
    attributes.add("contact");
    words.forEach((w, i) => {
      if (/^(?:tak|hold|touch)$/.test(w)) used.add(i);
    });
  }
  const fastest = words.some((w) => FASTEST.test(w));
  const down = words.some((w) => DOWN.test(w));
  if ((fastest || down) && (attributes.has("contact") || attributes.has("phone") || fastest)) {
    attributes.add("urgent");
  }
  // "utenom åpningstid" / "after hours" with a way to reach someone: the on-call line.
  const text = words.join(" ");
  if (
    /(?:utenom|etter|outside|after) (?:apningstid\w*|arbeidstid\w*|kontortid\w*|hours|opening hours|stengetid)/.test(
      text,
    )
  ) {
    if (attributes.has("phone") || attributes.has("contact") || attributes.has("standby")) attributes.add("standby");
  }
  return { attributes, used };
}

/** Reads a question for what it asks about which contact point. */
export function readContactIntent(directory: ContactDirectory, org: string, text: string): ContactIntent {
  const words = plainWords(text);
  const { attributes, used } = attributesOf(words);
  const mentions = directory.mentions(org, words);
  const joined = words.join(" ");
  const followUp =
    FOLLOW_UP_START.test(joined) ||
    words.some((w) => PRONOUN.test(w)) ||
    (words.filter((w) => !isStopword(w)).length <= 2 &&
      mentions.length === 0 &&
      attributes.size > 0 &&
      // "hvordan får jeg tak i dere?" is about the organisation, not the last contact point.
      !words.some((w) => /^(?:dere|deres|you|your|dykk|dykkar)$/.test(w)));
  return { words, attributes, mentions, followUp, attributeWords: used, whoMay: WHO_MAY.test(joined) };
}

/**
 * Content words of the question that neither ask for an attribute, name the contact points, name
 * the organisation, nor appear in the contact points' own texts: what the question is about
 * beyond "how do I reach X". Empty means the contact points' facts answer it.
 */
export function unexplainedWords(
  directory: ContactDirectory,
  intent: ContactIntent,
  targets: readonly ContactPoint[],
  orgWords: ReadonlySet<string>,
): string[] {
  const named = new Set(intent.mentions.flatMap((m) => m.words));
  const vocab = new Set<string>();
  const related = new Set<ContactPoint>(targets);
  for (const t of targets) {
    for (const m of directory.membersOf(t)) related.add(m);
    const parent = t.partOf ? directory.get(t.partOf) : undefined;
    if (parent) related.add(parent);
  }
  for (const c of related) for (const s of directory.vocabularyOf(c)) vocab.add(s);
  const out: string[] = [];
  intent.words.forEach((w, i) => {
    if (intent.attributeWords.has(i) || named.has(i) || orgWords.has(w)) return;
    if (isStopword(w) || GENERIC.test(w) || PRONOUN.test(w) || /^\d+$/.test(w) || w.length <= 1) return;
    if (isGeneralWord(w) && conceptsOf(w).length === 0) return;
    if (stemsOf(w).some((s) => vocab.has(s))) return;
    out.push(w);
  });
  return out;
}
