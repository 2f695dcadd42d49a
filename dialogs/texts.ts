import { formatWait } from "../src/core/handoff/wait-wording.js";
import { formatOpening } from "../src/core/hours/format.js";
import type { Lang } from "../src/core/knowledge/types.js";

export { formatOpening };

/** Everything the bot says that does not come from the knowledge base, in bokmål and English. */
export interface BotTexts {
  /** The greeting; without an organisation name when the chat answers for several. */
  welcome(orgName: string | undefined): string;
  privacyNotice(p: { botOnlyMonths: number; humanInvolvedMonths: number; privacyUrl: string | null }): string;
  yes: string;
  no: string;
  helpful: string;
  notHelpful: string;
  /** Said with an answer a language model wrote. */
  generatedLabel: string;
  /** Introduces a generated answer's sources (channels without the widget's source list). */
  generatedSources(titles: readonly string[]): string;
  thanksHelpful: string;
  sorryNotHelpful: string;
  offerHandoff: string;
  handoffDeclined: string;
  confirmHandoff: string;
  answerYesOrNo: string;
  askSummary: string;
  summaryRetry: string;
  connecting(orgName: string): string;
  queued(position: number, estimatedWaitSeconds: number): string;
  alreadyQueued: string;
  alreadyAssigned: string;
  closedNow(p: { summary: string; opensAt: Date | null; holiday: string | undefined; now: Date; zone: string }): string;
  noAgents: string;
  handoffFailed: string;
  offerMessage: string;
  askContact: string;
  contactRetry: string;
  askMessage: string;
  messageRetry: string;
  messageSaved(contact: string): string;
  messageDeclined: string;
  resumed: string;
  cancelled: string;
  leftQueue: string;
  textOnly: string;
  tooLong: string;
  error: string;
  agentJoined(name: string): string;
  agentLeft(name: string, reason: "released" | "transferred" | "closed"): string;
  transcriptRole(role: "customer" | "bot" | "agent" | "system", authorName: string | null): string;
  transcriptTitle(orgName: string): string;
}

function period(lang: Lang, months: number): string {
  if (months % 12 === 0) {
    const years = months / 12;
    return lang === "nb" ? `${years} år` : `${years} year${years === 1 ? "" : "s"}`;
  }
  return lang === "nb" ? `${months} måneder` : `${months} months`;
}

const nb: BotTexts = {
  welcome: (org) =>
    `Hei! Jeg er ${org ? `chatboten til ${org}` : "kundeservice-chatboten"}. Spør meg om for eksempel åpningstider, kontaktinformasjon eller hvordan du melder en sak. Du kan når som helst be om å få snakke med en person.`,
  privacyNotice: (p) =>
    `Personvern: Samtalen lagres. Den slettes etter ${period("nb", p.botOnlyMonths)}, eller etter ${period("nb", p.humanInvolvedMonths)} hvis en medarbeider deltar. Ikke skriv fødselsnummer, kontonummer eller andre sensitive opplysninger.${p.privacyUrl ? ` Les mer: ${p.privacyUrl}` : ""}`,
  yes: "Ja",
  no: "Nei",
  helpful: "👍 Nyttig",
  generatedLabel: "Svar fra språkmodell – kan inneholde feil",
  generatedSources: (titles) => `Kilder: ${titles.join("; ")}`,
  notHelpful: "👎 Ikke nyttig",
  thanksHelpful: "Så bra! Spør gjerne om noe mer.",
  sorryNotHelpful:
    "Beklager at svaret ikke hjalp. Prøv gjerne å spørre på en annen måte, eller skriv «snakke med en person».",
  offerHandoff: "Det ser ut til at jeg ikke klarer å hjelpe deg med dette. Vil du snakke med en person?",
  handoffDeclined: "Greit! Spør meg gjerne om noe annet.",
  confirmHandoff: "Vil du at jeg setter deg over til en person?",
  answerYesOrNo: "Svar «ja» eller «nei».",
  askSummary: "Skriv kort, gjerne i én setning, hva du trenger hjelp med, så vet medarbeideren hva det gjelder.",
  summaryRetry: "Skriv en kort beskrivelse (høyst 500 tegn) av hva du trenger hjelp med.",
  connecting: (org) => `Et øyeblikk – jeg setter deg over til en medarbeider hos ${org}.`,
  queued: (position, wait) =>
    `Du står nå i kø som nummer ${position}. Forventet ventetid: ${formatWait("nb", wait)}. En medarbeider svarer deg her i chatten.`,
  alreadyQueued: "Du står allerede i kø. En medarbeider svarer deg her så snart som mulig.",
  alreadyAssigned: "Du snakker allerede med en medarbeider.",
  closedNow: (p) => {
    const holiday = p.holiday
      ? `I dag er det ${p.holiday.toLowerCase()}, og kundeservice er stengt.`
      : "Kundeservice er stengt nå.";
    const opens = p.opensAt ? ` Vi åpner igjen ${formatOpening("nb", p.opensAt, p.now, p.zone)}.` : "";
    return `${holiday}${opens} ${p.summary}`.trim();
  },
  noAgents: "Beklager, ingen medarbeidere er ledige akkurat nå.",
  handoffFailed: "Beklager, jeg fikk ikke satt deg over til en medarbeider.",
  offerMessage: "Vil du legge igjen en melding, så kontakter vi deg?",
  askContact: "Hvilken e-postadresse eller hvilket telefonnummer kan vi nå deg på?",
  contactRetry:
    "Det ser ikke ut som en gyldig e-postadresse eller et gyldig telefonnummer. Prøv igjen, for eksempel kari@eksempel.no eller 912 34 567.",
  askMessage: "Hva gjelder henvendelsen? Skriv kort hva du trenger hjelp med.",
  messageRetry: "Skriv meldingen din (høyst 4000 tegn).",
  messageSaved: (contact) => `Takk! Meldingen er sendt. Vi kontakter deg på ${contact} så snart vi kan.`,
  messageDeclined: "Greit! Spør meg gjerne om noe annet, eller prøv igjen når vi har åpent.",
  resumed: "Du snakker med chatboten igjen. Spør meg gjerne om noe mer.",
  cancelled: "Greit, jeg har avbrutt. Hva annet kan jeg hjelpe deg med?",
  leftQueue: "Du er tatt ut av køen. Du snakker med chatboten igjen.",
  textOnly: "Jeg kan dessverre bare lese tekst. Skriv spørsmålet ditt.",
  tooLong: "Meldingen er for lang for meg. Prøv å stille spørsmålet kortere.",
  error: "Beklager, noe gikk galt hos oss. Prøv igjen om litt.",
  agentJoined: (name) => `${name} har kommet inn i samtalen.`,
  agentLeft: (name, reason) =>
    reason === "closed"
      ? `${name} har avsluttet samtalen.`
      : reason === "transferred"
        ? `${name} setter deg over til en annen medarbeider.`
        : `${name} har forlatt samtalen.`,
  transcriptRole: (role, name) =>
    role === "customer" ? "Du" : role === "bot" ? "Chatbot" : role === "agent" ? (name ?? "Medarbeider") : "System",
  transcriptTitle: (org) => `Samtale med ${org}`,
};

const en: BotTexts = {
  welcome: (org) =>
    `Hi! I'm ${org ? `the chatbot of ${org}` : "the customer service chatbot"}. Ask me about things like opening hours, contact details or how to report an issue. You can ask to talk to a person at any time.`,
  privacyNotice: (p) =>
    `Privacy: this chat is logged. It is deleted after ${period("en", p.botOnlyMonths)}, or after ${period("en", p.humanInvolvedMonths)} if a member of staff takes part. Please do not write national identity numbers, account numbers or other sensitive details.${p.privacyUrl ? ` More: ${p.privacyUrl}` : ""}`,
  yes: "Yes",
  no: "No",
  helpful: "👍 Helpful",
  generatedLabel: "Answer from a language model – may contain errors",
  generatedSources: (titles) => `Sources: ${titles.join("; ")}`,
  notHelpful: "👎 Not helpful",
  thanksHelpful: "Great! Feel free to ask me something else.",
  sorryNotHelpful: "Sorry that didn't help. Try asking in a different way, or write “talk to a person”.",
  offerHandoff: "It looks like I can't help you with this. Would you like to talk to a person?",
  handoffDeclined: "All right! Feel free to ask me something else.",
  confirmHandoff: "Would you like me to pass you on to a person?",
  answerYesOrNo: "Please answer “yes” or “no”.",
  askSummary: "Please describe briefly, in a sentence, what you need help with, so the person knows what it is about.",
  summaryRetry: "Please write a short description (at most 500 characters) of what you need help with.",
  connecting: (org) => `One moment – I'm passing you on to a member of staff at ${org}.`,
  queued: (position, wait) =>
    `You are now number ${position} in the queue. Expected wait: ${formatWait("en", wait)}. A member of staff will answer you here in the chat.`,
  alreadyQueued: "You are already in the queue. A member of staff will answer you here as soon as possible.",
  alreadyAssigned: "You are already talking to a member of staff.",
  closedNow: (p) => {
    const holiday = p.holiday
      ? `Today is a public holiday (${p.holiday}) and customer service is closed.`
      : "Customer service is closed now.";
    const opens = p.opensAt ? ` We open again ${formatOpening("en", p.opensAt, p.now, p.zone)}.` : "";
    return `${holiday}${opens} ${p.summary}`.trim();
  },
  noAgents: "Sorry, nobody is available right now.",
  handoffFailed: "Sorry, I couldn't pass you on to a member of staff.",
  offerMessage: "Would you like to leave a message so that we can contact you?",
  askContact: "What e-mail address or phone number can we reach you on?",
  contactRetry:
    "That doesn't look like a valid e-mail address or phone number. Please try again, for example kari@example.com or +47 912 34 567.",
  askMessage: "What is it about? Please write briefly what you need help with.",
  messageRetry: "Please write your message (at most 4000 characters).",
  messageSaved: (contact) =>
    `Thank you! Your message has been sent. We will contact you at ${contact} as soon as we can.`,
  messageDeclined: "All right! Ask me something else, or try again when we are open.",
  resumed: "You are talking to the chatbot again. Feel free to ask me anything else.",
  cancelled: "OK, I've cancelled that. What else can I help you with?",
  leftQueue: "You have left the queue. You are talking to the chatbot again.",
  textOnly: "Sorry, I can only read text. Please type your question.",
  tooLong: "That message is too long for me. Please ask a shorter question.",
  error: "Sorry, something went wrong on our side. Please try again in a moment.",
  agentJoined: (name) => `${name} has joined the chat.`,
  agentLeft: (name, reason) =>
    reason === "closed"
      ? `${name} has ended the chat.`
      : reason === "transferred"
        ? `${name} is passing you on to a colleague.`
        : `${name} has left the chat.`,
  transcriptRole: (role, name) =>
    role === "customer" ? "You" : role === "bot" ? "Chatbot" : role === "agent" ? (name ?? "Staff") : "System",
  transcriptTitle: (org) => `Chat with ${org}`,
};

export function textsFor(lang: Lang): BotTexts {
  return lang === "en" ? en : nb;
}

/** "nb" or "en" from anything (a locale such as "en-US", a stored language), defaulting to bokmål. */
export function toLang(value: string | null | undefined, fallback: Lang = "nb"): Lang {
  if (!value) return fallback;
  const v = value.toLowerCase();
  if (v === "en" || v.startsWith("en-")) return "en";
  if (v === "nb" || v === "no" || v === "nn" || v.startsWith("nb-") || v.startsWith("no-")) return "nb";
  return fallback;
}
