import type { ErrorCode } from "../../src/core/errors/error-codes.js";
import { type Lang, lang } from "./i18n.js";

/** Failures the console notices itself, besides the server's codes (src/core/errors/error-codes.ts). */
type ClientCode = "timeout" | "network";

/** What the console was doing when a request failed: some codes mean something more precise there. */
export type Action = "claim" | "transfer" | "send" | "close" | "other";

/**
 * The console's words for every error code of the shared table, in the
 * console's language. The server's own message (English, for developers)
 * is never shown: a code missing here is a type error.
 */
const GENERAL: Record<Lang, Record<ErrorCode | ClientCode, string>> = {
  nb: {
    invalid_input: "Det du sendte, kunne ikke brukes. Sjekk feltene og prøv igjen.",
    unauthenticated: "Du er ikke logget inn. Logg inn igjen.",
    invalid_credentials: "Feil e-post eller passord.",
    forbidden: "Du har ikke tilgang til dette.",
    disabled: "Kontoen er deaktivert.",
    not_found: "Fant det ikke. Det kan være slettet eller flyttet.",
    method_not_allowed: "Det går ikke an her.",
    not_acceptable: "Serveren kunne ikke svare i et format konsollen forstår.",
    conflict: "Det går ikke nå: samtalen har endret seg i mellomtiden.",
    exists: "Det finnes allerede.",
    capacity: "Du har nådd grensen for samtidige samtaler. Avslutt en først.",
    payload_too_large: "For stort til å sendes: en melding kan ha høyst 4000 tegn.",
    unsupported_media_type: "Serveren tar ikke imot dette formatet.",
    locked: "Kontoen er låst en stund etter for mange forsøk.",
    rate_limited: "For mange forespørsler. Vent litt og prøv igjen.",
    internal: "Noe gikk galt på serveren. Prøv igjen.",
    not_configured: "Dette er ikke satt opp på serveren.",
    unavailable: "Tjenesten er utilgjengelig akkurat nå. Prøv igjen om litt.",
    timeout: "Serveren svarte ikke. Sjekk forbindelsen og prøv igjen.",
    network: "Ingen forbindelse med serveren.",
  },
  en: {
    invalid_input: "What you sent could not be used. Check the fields and try again.",
    unauthenticated: "You are not logged in. Log in again.",
    invalid_credentials: "Wrong e-mail or password.",
    forbidden: "You do not have access to this.",
    disabled: "This account is disabled.",
    not_found: "Not found. It may have been deleted or moved.",
    method_not_allowed: "That is not possible here.",
    not_acceptable: "The server could not answer in a form the console understands.",
    conflict: "Not possible now: the chat has changed meanwhile.",
    exists: "It exists already.",
    capacity: "You have reached your limit of chats at once. Close one first.",
    payload_too_large: "Too large to send: a message may have at most 4,000 characters.",
    unsupported_media_type: "The server does not take this format.",
    locked: "The account is locked for a while after too many attempts.",
    rate_limited: "Too many requests. Wait a moment and try again.",
    internal: "Something went wrong on the server. Try again.",
    not_configured: "This is not set up on the server.",
    unavailable: "The service is unavailable right now. Try again shortly.",
    timeout: "The server did not answer. Check the connection and try again.",
    network: "No connection to the server.",
  },
};

/** Where a code means something more precise for an action. */
const BY_ACTION: Record<Lang, Partial<Record<Action, Partial<Record<ErrorCode, string>>>>> = {
  nb: {
    claim: {
      conflict: "En kollega tok samtalen først, eller kunden venter ikke lenger.",
      not_found: "Samtalen finnes ikke lenger.",
    },
    transfer: {
      conflict: "Overføringen gikk ikke: kollegaen er ikke tilgjengelig, eller samtalen har endret seg.",
      capacity: "Kollegaen har ikke plass til flere samtaler nå.",
      not_found: "Kollegaen finnes ikke i denne organisasjonen.",
    },
    send: { conflict: "Meldingen ble ikke sendt: samtalen er ikke lenger hos deg." },
    close: { conflict: "Samtalen kunne ikke avsluttes: den er ikke lenger hos en agent." },
  },
  en: {
    claim: {
      conflict: "A colleague took the chat first, or the customer is no longer waiting.",
      not_found: "The chat no longer exists.",
    },
    transfer: {
      conflict: "The transfer did not go through: the colleague is not available, or the chat has changed.",
      capacity: "The colleague has no room for another chat now.",
      not_found: "No such colleague in this organisation.",
    },
    send: { conflict: "The message was not sent: the chat is no longer with you." },
    close: { conflict: "The chat could not be closed: it is no longer with an agent." },
  },
};

function known(code: string): code is ErrorCode | ClientCode {
  return Object.hasOwn(GENERAL.nb, code);
}

/** The text to show for a failed request, in the console's language. */
export function errorText(code: string, action: Action = "other"): string {
  const l = lang();
  const c = known(code) ? code : "internal";
  const specific = c === "timeout" || c === "network" ? undefined : BY_ACTION[l][action]?.[c];
  return specific ?? GENERAL[l][c];
}
