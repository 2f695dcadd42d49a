import type { Lang } from "../knowledge/types.js";
import { foldText, wordsOf } from "./normalize.js";
import { toBokmal } from "./nynorsk.js";

/** Words before the question proper ("hei, er dere åpne?", "ok, and can I ..."). */
const LEAD =
  /^(?:hei|hallo|heisann|hoi|hey|hi|hello|halla|ok|okei|okay|takk|thanks|og|and|men|but|so|sa|sorry|beklager|unnskyld|excuse|me|god|dag|morn|please|vennligst|lurer|jeg|pa|wondering|i|was|am)$/;

/** Verbs that start a yes/no question ("Er dere åpne?", "Kan jeg ringe?", "Do you ...?"). */
const YES_NO_VERB =
  /^(?:er|var|blir|har|hadde|kan|kunne|vil|ville|skal|skulle|ma|matte|bor|burde|far|fikk|finnes|fins|gjelder|bruker|brukes|lagrer|lagres|sender|sendes|ser|vet|tar|gjor|svarer|hjelper|ringer|stenger|apner|trenger|koster|tilbyr|deler|deles|stemmer|sletter|slettes|jobber|teller|gir|mottar|leser|leses|tas|holder|sjekker|fungerer|virker|hender|is|are|am|was|were|do|does|did|can|could|will|would|shall|should|may|might|must|have|has|had|isn|aren|don|doesn|won|wouldn|can t|cant)$/;

/** Words that start an open question ("hva", "hvem", "how" ...). */
const WH =
  /^(?:hva|hvem|hvor|hvordan|hvorfor|nar|hvilken|hvilket|hvilke|what|whats|who|whom|whose|where|when|why|how|which)$/;

/**
 * Whether a question can be answered "ja"/"nei": its main clause starts with a verb ("Er dere
 * åpne?", "hvis jeg ringer i kveld, svarer noen?", "Can I call ...?") and none starts with a
 * question word ("Hva er nummeret?", "når åpner dere?"). Phrases without a verb are not.
 */
export function isYesNoQuestion(text: string): boolean {
  const clauses = toBokmal(foldText(text))
    .split(/[,;:!?.\n]+/)
    .map((c) => wordsOf(c))
    .filter((w) => w.length > 0);
  let yesNo = false;
  for (const words of clauses) {
    // "jeg lurer på om ...", "I was wondering if ...": an indirect yes/no question.
    if (/(?:^| )(?:lurer pa om|lurte pa om|wondering if|wondering whether)(?: |$)/.test(words.join(" "))) yesNo = true;
    const first = words.find((w) => !LEAD.test(w));
    if (first === undefined) continue;
    if (WH.test(first)) return false;
    if (YES_NO_VERB.test(first)) yesNo = true;
  }
  return yesNo;
}

/**
 * An answer written for a yes/no question, fitted to one that is not: a leading "Ja, "/"Yes, "
 * ("Ja. ") is dropped and the next word capitalised ("hvordan kan jeg chatte med dere?" is not
 * answered "Ja, du kan ...").
 */
export function fitAnswerToQuestion(answer: string, question: string): string {
  const m = /^(?:Ja|Yes)[,.!]\s+/.exec(answer);
  if (!m || isYesNoQuestion(question)) return answer;
  const rest = answer.slice(m[0].length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

const THANKS = /^(?:takk|takker|takke|tusen|thanks|thank|thx|ty|cheers|tak|tack)$/;
const BYE = /^(?:hadet|ha|det|bra|bye|goodbye|farvel|snakkes|see|you|later)$/;
const BYE_CUE = /^(?:hadet|bye|goodbye|farvel|snakkes)$/;
const POLITE =
  /^(?:for|hjelpen|hjelp|help|the|that|s|it|you|so|much|very|mange|masse|skal|du|dere|ha|det|var|alt|all|ok|okay|okei|flott|supert|super|bra|fint|fin|great|perfect|perfekt|fantastisk|nice|kjempe|kjempebra|topp|svar|svaret|answer|infoen|informasjonen|info|og|and|a|lot|og|hei|hi|ja|yes|da|then|again|igjen)$/;

/** Whether the message only thanks ("takk!", "tusen takk for hjelpen", "ok thanks") or says goodbye ("ha det"). */
export function thanksKind(text: string): "thanks" | "bye" | undefined {
  const words = wordsOf(toBokmal(foldText(text)));
  if (words.length === 0 || words.length > 8) return undefined;
  const thanks = words.some((w) => THANKS.test(w));
  const bye = words.some((w) => BYE_CUE.test(w)) || /(?:^| )ha det(?: |$)/.test(words.join(" "));
  if (!thanks && !bye) return undefined;
  if (!words.every((w) => THANKS.test(w) || BYE.test(w) || POLITE.test(w))) return undefined;
  return bye && !thanks ? "bye" : "thanks";
}

export function thanksText(lang: Lang, kind: "thanks" | "bye"): string {
  if (kind === "bye")
    return lang === "nb"
      ? "Ha en fin dag! Du er velkommen tilbake."
      : "Have a nice day! You are welcome back any time.";
  return lang === "nb"
    ? "Bare hyggelig! Er det noe mer jeg kan hjelpe deg med?"
    : "You're welcome! Is there anything else I can help you with?";
}
