/**
 * Whether a reply states an expected fact ("22 48 32 00", "08:00-18:00", "2 arbeidstimer"). Both
 * sides are normalised the same way, so one fact written two ways still matches:
 *
 * - always (strict): case, whitespace and dashes; phone numbers without their spacing or "+47";
 * - besides (normalised): clock times ("08.00", "0800", "kl. 8:00" → 08:00) and time ranges
 *   ("0800 og 1530", "0800 and 1530", "08.00 - 16.00" → 08:00-15:30 ...), and a number with its
 *   unit in English or Norwegian ("2 working hours" = "2 arbeidstimer", "30 seconds" = "30 sekunder",
 *   "1 year" = "1 år"), so an English reply can state a fact the source writes in Norwegian.
 */
export type FactMatching = "strict" | "normalised";

const DASHES = /[\u2010-\u2015\u2212]/g;

function strictForm(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFC")
      .replace(DASHES, "-")
      // "+47 66 77 99 00" / "66 77 99 00" / "66779900" → "66779900".
      .replace(/(?<![\d+])(?:\+\s?47\s?)?(\d(?: ?\d){7})(?!\d)/g, (_m, digits: string) => digits.replace(/\D/g, ""))
      .replace(/\s+/g, " ")
      .trim()
  );
}

const UNITS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(\d+)\s+(?:working|work|business)\s+hours?\b/g, "$1 arbeidstimer"],
  [/\b(\d+)\s+arbeidstimen?\b/g, "$1 arbeidstimer"],
  [/\b(\d+)\s+seconds?\b/g, "$1 sekunder"],
  [/\b(\d+)\s+sekund\b/g, "$1 sekunder"],
  [/\b(\d+)\s+years?\b/g, "$1 år"],
  [/\b(\d+)\s+hours?\b/g, "$1 timer"],
  [/\b(\d+)\s+time\b/g, "$1 timer"],
  [/\b(\d+)\s+minutes?\b/g, "$1 minutter"],
  [/\b(\d+)\s+minutt\b/g, "$1 minutter"],
  [/\b(\d+)\s+days?\b/g, "$1 dager"],
  [/\b(\d+)\s+dag\b/g, "$1 dager"],
];

const CLOCK = String.raw`(?:kl\.?\s*)?(?:(\d{1,2})[:.](\d{2})(?!\d)|(\d{4})(?![\d.,]))`;
const RANGE = new RegExp(String.raw`(?<![\d.,:])${CLOCK}\s*(?:-|og|and|to|til)+\s*${CLOCK}`, "g");
const SINGLE = /(?<![\d.,:])kl\.?\s*(\d{1,2})(?:[:.](\d{2}))?(?![\d])/g;

function hm(h: string | undefined, m: string | undefined, four: string | undefined): string | undefined {
  const hour = Number(four !== undefined ? four.slice(0, 2) : h);
  const minute = Number(four !== undefined ? four.slice(2) : m);
  if (four !== undefined && minute % 15 !== 0) return undefined;
  if (!(hour <= 24 && minute <= 59)) return undefined;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

function normalisedForm(text: string): string {
  let s = strictForm(text);
  s = s.replace(RANGE, (whole, h1, m1, f1, h2, m2, f2) => {
    const a = hm(h1, m1, f1);
    const b = hm(h2, m2, f2);
    return a && b ? `${a}-${b}` : whole;
  });
  s = s.replace(SINGLE, (whole, h, m) => hm(h, m ?? "00", undefined) ?? whole);
  s = s.replace(/(?<![\d:])(\d{1,2})\.(\d{2})(?![\d.,])/g, (whole, h, m) => hm(h, m, undefined) ?? whole);
  for (const [re, to] of UNITS) s = s.replace(re, to);
  return s.replace(/\s+/g, " ");
}

/** Whether `reply` states `fact` (see the module comment for what counts as the same fact). */
export function statesFact(reply: string, fact: string, matching: FactMatching = "normalised"): boolean {
  const form = matching === "strict" ? strictForm : normalisedForm;
  const want = form(fact);
  return want !== "" && form(reply).includes(want);
}
