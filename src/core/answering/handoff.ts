import { foldText, wordsOf } from "./normalize.js";
import { toBokmal } from "./nynorsk.js";

/** Words that on their own ask for a person ("menneske!!", "agent please", "kundebehandler takk"). */
const PERSON_WORDS =
  /^(?:menneske\w*|human\w*|agent\w*|operator\w*|operatr\w*|kundebehandler\w*|kunderadgiver\w*|radgiver\w*|saksbehandler\w*|medarbeider\w*|ansatt\w*|representative\w*|rep|person|personer|someone|somebody|anyone|mennesker|folk|people|staff|employee|advisor|adviser|consultant)$/;

// Patterns match folded text (see foldText): "noen" is written "non", "nå" is "na".
const DETERMINER = String.raw`(?:\s+(?:en|et|ei|a|an|some|din|your|the|deres|dere|ekte|real|actual|levende|live|virkelig|faktisk|skikkelig|riktig|menneskelig))*`;
const STRONG_PERSON = String.raw`(?:menneske\w*|human\w*|agent\w*|operat\w*|kundebehandler\w*|kunderadgiver\w*|radgiver\w*|saksbehandler\w*|medarbeider\w*|representative\w*|person|personer|advisor|adviser|konsulent\w*)`;
const ANY_PERSON = String.raw`(?:${STRONG_PERSON}|non|someone|somebody|anyone|ansatt\w*|folk|people|staff|employee|kundeservice\w*|kundesenter\w*|support\w*|brukerstotte\w*|customer service|customer support|helpdesk|help desk|service desk|servicedesk)`;

/**
 * "snakke med noen", "talk to a human", "koble meg til en rådgiver", "call me". Past tense is a
 * story, not a request ("if I talked to an adviser", "jeg har snakket med en rådgiver").
 */
const TALK_TO = new RegExp(
  String.raw`(?:^|\s)(?:snakk(?!et\b)\w*|prat(?!et\b)\w*|chatte|chat|talk(?!ed\b)\w*|speak\w*|kobl\w* meg|sett\w* meg|overfor\w* meg|fa meg|far meg|transfer\w* me|connect\w* me|put me through)(?:\s+(?:med|m|me|with|w|to|til|over til|over|through to|i kontakt med|in touch with))?${DETERMINER}\s+${ANY_PERSON}(?:\s|$)`,
);

/** "kan jeg få et menneske", "I need an agent", "gi meg en person". */
const WANT = new RegExp(
  String.raw`(?:^|\s)(?:fa|get|need|want|treng\w*|vil ha|onsk\w*|gi meg|give me|have|be om|ber om|request)(?:\s+(?:hjelp|help|assistanse|assistance|svar|answer|bistand)\s+(?:fra|av|from|by|of))?${DETERMINER}\s+${STRONG_PERSON}(?:\s|$)`,
);

/** "ring meg", "call me back". */
const CALL_ME = /(?:^|\s)(?:ring\w* meg|call me|ring\w* tilbake|call\w* back)(?:\s|$)/;

/** "ekte person", "real person", "not a bot", "ikke en robot". */
const REAL_PERSON =
  /(?:^|\s)(?:(?:ekte|real|actual|levende|live|virkelig|faktisk|skikkelig)\s+(?:person|menneske\w*|human\w*|agent\w*|people|folk|mennesker)|(?:ikke|not|no|nei|ingen)\s+(?:(?:snakk\w*|prat\w*|chatt\w*|talk\w*|speak\w*|want|vil|ha|like|en|et|a|an|the|med|to|with|til|denne|den|this)\s+)*(?:bot|boten|robot\w*|chatbot\w*|maskin\w*|machine|automat\w*|ai))(?:\s|$)/;

/** Wrapping words around a one-word request: "menneske takk", "agent please", "a human now". */
const FILLER =
  /^(?:please|pls|plz|takk|tusen|thanks|thank|you|na|now|med|en|et|a|an|the|til|to|with|jeg|i|vil|want|ha|have|kan|can|could|may|fa|get|meg|me|give|gi|snakke|talk|speak|prate|chat|chatte|hei|hi|hello|hallo|en|ett|asap|straks|fort|umiddelbart|immediately|right|away|still|gjerne|be|om|ber|would|like|ikke|bare|just|some|som|der|there|hos|dere|your|you|mvh|ok|kundeservice|kundesenter\w*|support|customer|service|helpdesk|hjelp|help|assistanse|assistance)$/;

/**
 * A question about what happens around a handoff, not a request for one: a condition ("hvis jeg
 * ber om en rådgiver", "if I get transferred", "når jeg snakker med en person") or the person as the
 * subject of the question ("ser rådgiveren ...", "does the agent see ...", "får saksbehandleren ...").
 */
const CONDITION =
  /(?:^|\s)(?:hvis|om|dersom|nar|etter at|for|if|when|once|after|before|whether)\s+(?:jeg|vi|man|du|i|we|you|one)\s+(?!(?:\w+\s+){0,2}?(?:vil|want|wants|need|onsker|trenger|would like)\b)(?:\w+\s+){0,3}?(?:ber|be|spor|sporre|far|blir|snakker|prater|chatter|kobles|settes|overfores|ask\w*|request\w*|get|gets|am|is|are|talk\w*|speak\w*|chat\w*)\b/;
const PERSON_WORD = String.raw`(?:${STRONG_PERSON}|\w*radgiveren|\w*radgiverne|kundebehandleren|saksbehandleren|medarbeideren|agenten|personen|mennesket|ansatte)`;
const PERSON_SUBJECT = new RegExp(
  String.raw`(?:^|\s)(?:(?:ser|far|vet|leser|mottar|har)\s+(?:(?:en|den|din|deres)\s+)?${PERSON_WORD}|(?:does|do|will|can|would|could)\s+(?:(?:the|an|a|my|your)\s+)?${PERSON_WORD}\s+(?:see|get|know|read|receive|have|access)\w*)(?:\s|$)`,
);
/** "er aino en ekte person?", "is this a real person?", "am I talking to a bot?": what the chat is, not a request. */
const IS_IT_A_PERSON =
  /^(?:er|is|are|am)\s+(?:\w+\s+){0,4}?(?:(?:en|et|a|an)\s+)?(?:ekte|real|actual|levende|live)?\s*(?:person|menneske|human|robot|bot|chatbot|maskin|machine)\b/;
/** "is my chat with an adviser kept longer?": a chat with a person as a thing, not as a request. */
const CHAT_AS_NOUN =
  /(?:^|\s)(?:my|the|a|your|this|that|min|mitt|din|ditt|en|et|den|det|samme)\s+(?:chat|chatten|samtale\w*|conversation|talk|prat\w*|chatlogg\w*)\s+(?:with|med)\s/;
const ABOUT_WHAT_HAPPENS = /(?:^|\s)(?:hva skjer|what happens|hvordan fungerer|how does)(?:\s|$)/;

/** Whether the text asks about a handoff (what the person sees, what happens) rather than for one. */
export function asksAboutHandoff(folded: string): boolean {
  return (
    CONDITION.test(folded) ||
    PERSON_SUBJECT.test(folded) ||
    ABOUT_WHAT_HAPPENS.test(folded) ||
    IS_IT_A_PERSON.test(folded) ||
    CHAT_AS_NOUN.test(folded)
  );
}

/**
 * Whether the customer asks to talk to a person, in Norwegian or English, in any wording:
 * a request verb with a person as its object, "ekte person"/"real person"/"not a bot", or a
 * short message that is nothing but a person word and filler ("menneske!!", "agent please").
 */
export function asksForPerson(text: string): boolean {
  // Sentence by sentence: "er du en robot? jeg vil snakke med et menneske" asks in its second one.
  const sentences = toBokmal(foldText(text))
    .split(/[.?!\n]+/)
    .map((s) => s.replace(/[^a-z0-9]+/g, " ").trim())
    .filter((s) => s !== "");
  return sentences.some((s) => sentenceAsksForPerson(s));
}

function sentenceAsksForPerson(folded: string): boolean {
  if (asksAboutHandoff(folded)) return false;
  if (TALK_TO.test(folded) || WANT.test(folded) || CALL_ME.test(folded) || REAL_PERSON.test(folded)) return true;
  const words = wordsOf(folded);
  if (words.length > 6) return false;
  const personWords = words.filter((w) => PERSON_WORDS.test(w));
  return personWords.length > 0 && words.every((w) => PERSON_WORDS.test(w) || FILLER.test(w));
}
