/**
 * Folding that makes Norwegian spellings with and without æ/ø/å (and their ASCII stand-ins
 * aa/ae/oe) meet: "Åpningstider", "aapningstider" and "apningstider" all become "apningstider".
 * The same folding is applied to the knowledge base and to questions, so it only has to be consistent.
 */
/** Anything outside printable ASCII and ordinary whitespace needs Unicode normalisation. */
const NON_ASCII = /[^\t\n\r -~]/;
const FOLD_PAIRS = /aa|ae|oe/g;

export function foldText(input: string): string {
  let s = input.toLowerCase();
  if (NON_ASCII.test(s)) {
    s = s.normalize("NFKC").toLowerCase();
    s = s.replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa");
    s = s.normalize("NFD").replace(/\p{M}+/gu, "");
  }
  s = s.replace(FOLD_PAIRS, (pair) => (pair === "aa" ? "a" : pair === "ae" ? "e" : "o"));
  // "e-post", "e-mail", "e-faktura": a one-letter prefix joined by a hyphen is one word.
  s = s.replace(/(^|[^a-z0-9])([a-z])-(?=[a-z])/g, "$1$2");
  return s;
}

/** Splits folded text into lower-case ASCII word tokens (letters and digits). */
export function wordsOf(folded: string): string[] {
  return folded.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}
