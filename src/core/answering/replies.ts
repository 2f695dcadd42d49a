import type { Lang, LocalizedText, Organisation } from "../knowledge/types.js";
import type { Choice } from "./types.js";

/** What a customer can send to ask for a person; `asksForPerson` recognises both. */
export const PERSON_REQUEST: LocalizedText = { nb: "Jeg vil snakke med et menneske", en: "I want to talk to a person" };

export function personChoice(lang: Lang): Choice {
  return { label: lang === "nb" ? "Snakk med en person" : "Talk to a person", value: PERSON_REQUEST[lang] };
}

export function handoffText(lang: Lang, org: Organisation | undefined): string {
  if (lang === "en") {
    return org
      ? `I'll pass you on to a person at ${org.name.en}. Please wait a moment.`
      : "I'll pass you on to a person. Please wait a moment.";
  }
  return org
    ? `Jeg setter deg over til en person hos ${org.name.nb}. Vent litt.`
    : "Jeg setter deg over til en person. Vent litt.";
}

function listOf(names: readonly string[], lang: Lang): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${lang === "nb" ? "og" : "and"} ${names[names.length - 1]}`;
}

/** Politely declines an off-topic question (homework, arithmetic, dinner, weather, jokes). */
export function offTopicText(lang: Lang, orgs: readonly Organisation[]): string {
  const names = listOf(
    orgs.map((o) => o.name[lang]),
    lang,
  );
  return lang === "nb"
    ? `Beklager, det kan jeg ikke hjelpe med. Jeg svarer bare på spørsmål om kundeservice hos ${names}.`
    : `Sorry, I can't help with that. I only answer questions about customer service at ${names}.`;
}

/** Declines a question the knowledge base has no answer to, and offers a person. */
export function notCoveredText(lang: Lang, org: Organisation | undefined): string {
  if (lang === "en") {
    return org
      ? `Sorry, I don't have an answer to that. A person at ${org.name.en} may be able to help – would you like to talk to someone?`
      : "Sorry, I don't have an answer to that. Would you like to talk to a person?";
  }
  return org
    ? `Beklager, det har jeg ikke noe svar på. En person hos ${org.name.nb} kan kanskje hjelpe – vil du snakke med noen?`
    : "Beklager, det har jeg ikke noe svar på. Vil du snakke med en person?";
}

/** The customer asks about another organisation than the one whose chat this is. */
export function otherOrganisationText(lang: Lang, here: Organisation, asked: readonly Organisation[]): string {
  const names = listOf(
    asked.map((o) => o.name[lang]),
    lang,
  );
  return lang === "nb"
    ? `Her kan jeg bare svare på spørsmål om ${here.name.nb}, ikke om ${names}. Ta kontakt med dem direkte, eller spør meg om ${here.name.nb}.`
    : `Here I can only answer questions about ${here.name.en}, not about ${names}. Please contact them directly, or ask me about ${here.name.en}.`;
}

export function clarifyOrganisationText(lang: Lang, choices: readonly Choice[]): string {
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`).join("\n");
  return lang === "nb"
    ? `Hvilken organisasjon gjelder spørsmålet?\n${lines}`
    : `Which organisation is your question about?\n${lines}`;
}

export function clarifyEntryText(lang: Lang, choices: readonly Choice[]): string {
  if (choices.length === 1) {
    const only = choices[0]?.label ?? "";
    return lang === "nb"
      ? `Jeg er ikke sikker. Mener du dette?\n1. ${only}`
      : `I'm not sure. Do you mean this?\n1. ${only}`;
  }
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`).join("\n");
  return lang === "nb" ? `Mener du en av disse?\n${lines}` : `Do you mean one of these?\n${lines}`;
}

export function noContentText(lang: Lang): string {
  return lang === "nb"
    ? "Hva kan jeg hjelpe deg med? Spør meg gjerne om kontaktinformasjon, åpningstider eller hvordan du melder en sak."
    : "What can I help you with? Ask me about contact details, opening hours or how to report an issue.";
}
