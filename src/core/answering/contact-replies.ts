import type { ContactPoint, Lang } from "../knowledge/types.js";
import type { ContactDirectory } from "./contact-directory.js";
import type { ContactAttribute } from "./contact-intent.js";

/** A reply composed from contact points: its text and the contact points every fact in it comes from. */
export interface ComposedReply {
  readonly text: string;
  readonly contacts: readonly string[];
}

const MISSING: Record<"phone" | "email" | "web" | "address", Record<Lang, string>> = {
  phone: { nb: "telefonnummer", en: "a phone number" },
  email: { nb: "e-postadresse", en: "an e-mail address" },
  web: { nb: "nettadresse", en: "a web address" },
  address: { nb: "postadresse", en: "a postal address" },
};

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function orList(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${lang === "nb" ? "eller" : "or"} ${items[items.length - 1]}`;
}

function andList(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${lang === "nb" ? "og" : "and"} ${items[items.length - 1]}`;
}

/** "Torgeir Haugland (kundeansvarlig ...)", or the contact point's name. */
function label(c: ContactPoint, lang: Lang): string {
  return c.role ? `${c.name[lang]} (${c.role[lang]})` : c.name[lang];
}

function phoneText(c: ContactPoint, lang: Lang, urgentOnly: boolean): string | undefined {
  const phones = urgentOnly && c.phones.some((p) => p.urgent) ? c.phones.filter((p) => p.urgent) : c.phones;
  if (phones.length === 0) return undefined;
  const numbers = phones.map((p) => (p.note ? `${p.number} (${p.note[lang]})` : p.number));
  return `${lang === "nb" ? "telefon" : "phone"} ${orList(numbers, lang)}`;
}

function emailText(c: ContactPoint, lang: Lang): string | undefined {
  if (c.emails.length === 0) return undefined;
  return `${lang === "nb" ? "e-post" : "e-mail"} ${orList(
    c.emails.map((e) => e.address),
    lang,
  )}`;
}

function webText(c: ContactPoint, lang: Lang): string | undefined {
  if (c.web.length === 0) return undefined;
  return andList(
    c.web.map((w) => (w.url ? `${w.text[lang]}: ${w.url}` : w.text[lang])),
    lang,
  );
}

function addressText(c: ContactPoint, lang: Lang): string | undefined {
  const parts: string[] = [];
  if (c.postal) parts.push(`${lang === "nb" ? "postadresse" : "postal address"} ${c.postal.join(", ")}`);
  if (c.visiting) parts.push(`${lang === "nb" ? "adresse" : "address"} ${c.visiting}`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

function missing(c: ContactPoint, what: keyof typeof MISSING, lang: Lang): string {
  return lang === "nb"
    ? `Informasjonen jeg har, oppgir ikke ${MISSING[what].nb} til ${c.name.nb}.`
    : `The information I have does not give ${MISSING[what].en} for ${c.name.en}.`;
}

/** One contact point's asked-for facts as a sentence, plus what it lacks. */
function describe(c: ContactPoint, asked: ReadonlySet<ContactAttribute>, lang: Lang): string {
  const everything = asked.has("contact") || asked.has("who") || asked.size === 0;
  const parts: string[] = [];
  const lacks: string[] = [];
  const want = (a: ContactAttribute) => everything || asked.has(a);
  if (want("phone") || asked.has("urgent")) {
    const t = phoneText(c, lang, asked.has("urgent"));
    if (t) parts.push(t);
    else if (asked.has("phone") || asked.has("urgent")) lacks.push(missing(c, "phone", lang));
  }
  if (asked.has("postal") && !c.postal && !c.visiting) lacks.push(missing(c, "address", lang));
  if (want("email") || (asked.has("address") && !c.postal && !c.visiting)) {
    const t = emailText(c, lang);
    if (t) parts.push(t);
    else if (asked.has("email")) lacks.push(missing(c, "email", lang));
  }
  if (want("web")) {
    const t = webText(c, lang);
    if (t) parts.push(t);
    else if (asked.has("web")) lacks.push(missing(c, "web", lang));
  }
  if (asked.has("address") || asked.has("postal") || (everything && (c.postal || c.visiting))) {
    const t = addressText(c, lang);
    if (t) parts.push(t);
    else if (!c.emails.length && !asked.has("postal")) lacks.push(missing(c, "address", lang));
  }
  const head = capitalise(label(c, lang));
  const handles = asked.has("who") && c.handles && c.kind !== "person" ? ` – ${c.handles[lang]}` : "";
  let sentence = parts.length > 0 ? `${head}${handles}: ${parts.join(", ")}.` : handles ? `${head}${handles}.` : "";
  if (!sentence && asked.has("who")) sentence = `${head}.`;
  const extra: string[] = [];
  if (asked.has("standby") && c.standby) extra.push(c.standby.text[lang]);
  else if (asked.has("standby") && !c.standby) {
    extra.push(
      lang === "nb"
        ? `Informasjonen jeg har, nevner ingen vakttelefon for ${c.name.nb}.`
        : `The information I have mentions no on-call line for ${c.name.en}.`,
    );
  }
  if (c.hours && (asked.has("phone") || asked.has("urgent") || asked.has("contact"))) extra.push(c.hours.text[lang]);
  return [sentence, ...lacks, ...extra].filter(Boolean).join(" ");
}

/**
 * The contact points to describe: a team or unit without phones or e-mails of its own stands for
 * its members ("e-post til HEL" → its three mailboxes, "hvem er i kundeteamet" → its people).
 */
export function expandTargets(
  directory: ContactDirectory,
  targets: readonly ContactPoint[],
  withMembers = false,
): ContactPoint[] {
  const out: ContactPoint[] = [];
  for (const t of targets) {
    const members = directory.membersOf(t);
    const own = t.phones.length + t.emails.length + t.web.length + (t.postal ? 1 : 0) + (t.visiting ? 1 : 0);
    const list = (own === 0 || withMembers) && members.length > 0 ? [t, ...members] : [t];
    for (const c of list) if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** Answers "who / which number / which address / how do I reach" from the contact points alone. */
export function composeContactReply(
  directory: ContactDirectory,
  targets: readonly ContactPoint[],
  asked: ReadonlySet<ContactAttribute>,
  lang: Lang,
): ComposedReply {
  // "hvem i FIN kan jeg spørre?": a unit's people answer "who" too.
  const all = expandTargets(directory, targets, asked.has("who"));
  if (asked.has("urgent") && !asked.has("standby")) {
    const urgent = all.find((c) => c.phones.some((p) => p.urgent));
    if (urgent) {
      const number = urgent.phones.find((p) => p.urgent)?.number ?? "";
      const name = urgent.name[lang];
      const parts = [
        lang === "nb" ? `Haster det, ring ${name} på ${number}.` : `If it is urgent, call ${name} on ${number}.`,
        urgent.hours?.text[lang],
        urgent.hours?.outside?.[lang],
      ];
      return { text: parts.filter(Boolean).join(" "), contacts: [urgent.id] };
    }
  }
  const described = all.map((c) => ({ c, text: describe(c, asked, lang) })).filter((d) => d.text !== "");
  if (described.length === 1) return { text: described[0]?.text ?? "", contacts: all.map((c) => c.id) };
  return { text: described.map((d) => `- ${d.text}`).join("\n"), contacts: all.map((c) => c.id) };
}

/** The fact as the contact point's record writes it ("22 48 32 00", "Kundeservice.ok@dnb.no"). */
function written(c: ContactPoint, fact: string): string {
  const value = fact.slice(fact.indexOf(":") + 1);
  if (fact.startsWith("email:")) return c.emails.find((e) => e.address.toLowerCase() === value)?.address ?? value;
  const digits = (s: string) => s.replace(/\D/g, "").replace(/^47(?=\d{8}$)/, "");
  const phone = [...c.phones.map((p) => p.number), ...(c.standby ? [c.standby.number] : [])].find(
    (n) => digits(n) === value,
  );
  return phone ?? value;
}

function whatItIs(c: ContactPoint, fact: string, lang: Lang): string {
  const standby = c.standby && fact === `phone:${c.standby.number.replace(/\D/g, "")}`;
  if (fact.startsWith("email:"))
    return lang === "nb" ? `e-postadressen til ${c.name.nb}` : `the e-mail address of ${c.name.en}`;
  if (standby) return lang === "nb" ? `vakttelefonen til ${c.name.nb}` : `the duty phone of ${c.name.en}`;
  return lang === "nb" ? `telefonnummeret til ${c.name.nb}` : `the phone number of ${c.name.en}`;
}

/**
 * "Er 66 77 99 00 vakttelefonen?", "er fasit@hel adressen for barnevern?": whether a fact the
 * customer gives is the one they ask about, with the right one when it is not.
 */
export function composeFactCheck(
  fact: string,
  owners: readonly ContactPoint[],
  asked: ContactPoint,
  attribute: "phone" | "email" | "standby",
  lang: Lang,
): ComposedReply {
  const owner = owners[0];
  const isStandby = attribute === "standby";
  const right = isStandby
    ? asked.standby && fact === `phone:${asked.standby.number.replace(/\D/g, "")}`
    : owners.includes(asked) && fact.startsWith(attribute === "email" ? "email:" : "phone:");
  const given = owner ? written(owner, fact) : fact.slice(fact.indexOf(":") + 1);
  if (right) {
    const text =
      lang === "nb"
        ? `Ja, ${given} er ${whatItIs(asked, fact, "nb")}.`
        : `Yes, ${given} is ${whatItIs(asked, fact, "en")}.`;
    return {
      text: [text, isStandby ? asked.standby?.text[lang] : undefined].filter(Boolean).join(" "),
      contacts: [asked.id],
    };
  }
  const wrong = owner
    ? lang === "nb"
      ? `Nei, ${given} er ${whatItIs(owner, fact, "nb")}.`
      : `No, ${given} is ${whatItIs(owner, fact, "en")}.`
    : lang === "nb"
      ? `Nei, ${given} står ikke i informasjonen jeg har om ${asked.name.nb}.`
      : `No, ${given} is not in the information I have about ${asked.name.en}.`;
  let correct: string;
  if (isStandby) {
    correct =
      asked.standby?.text[lang] ??
      (lang === "nb"
        ? `Informasjonen jeg har, nevner ingen vakttelefon for ${asked.name.nb}.`
        : `The information I have mentions no on-call line for ${asked.name.en}.`);
  } else {
    const values = attribute === "email" ? asked.emails.map((e) => e.address) : asked.phones.map((p) => p.number);
    correct =
      values.length === 0
        ? missing(asked, attribute, lang)
        : lang === "nb"
          ? `${capitalise(attribute === "email" ? "e-postadressen" : "telefonnummeret")} til ${asked.name.nb} er ${orList(values, "nb")}.`
          : `${capitalise(attribute === "email" ? "the e-mail address" : "the phone number")} of ${asked.name.en} is ${orList(values, "en")}.`;
  }
  return { text: `${wrong} ${correct}`, contacts: [asked.id, ...(owner ? [owner.id] : [])] };
}
