/**
 * Nynorsk and common dialect forms read as their bokmål words, so the engine, which is written
 * against a bokmål knowledge base, understands "kva tid stengjer de?", "kven leiar kundeteamet?"
 * and "e vil snakk me nån". Works on folded text (see foldText: æøå → a/e/o), so keys and values
 * are written folded: bokmål "noen" is "non", "lørdag" is "lordag".
 */
const WORDS: Readonly<Record<string, string>> = {
  // Pronouns and function words.
  eg: "jeg",
  ein: "en",
  eit: "et",
  ikkje: "ikke",
  ikkej: "ikke",
  kje: "ikke",
  kva: "hva",
  ka: "hva",
  kven: "hvem",
  kem: "hvem",
  kvar: "hvor",
  kor: "hvor",
  korleis: "hvordan",
  koss: "hvordan",
  kvifor: "hvorfor",
  kvi: "hvorfor",
  nokon: "non",
  nokre: "non",
  nan: "non",
  noko: "no",
  ho: "hun",
  dei: "de",
  deira: "deres",
  dykk: "dere",
  dykkar: "deres",
  berre: "bare",
  mykje: "mye",
  heilt: "helt",
  heile: "hele",
  hja: "hos",
  viss: "hvis",
  enno: "enda",
  framleis: "fortsatt",
  // Verbs.
  heiter: "heter",
  heite: "hete",
  veit: "vet",
  gjer: "gjor",
  seie: "si",
  sporje: "sporre",
  svarar: "svarer",
  snakkar: "snakker",
  pratar: "prater",
  ringjer: "ringer",
  ringje: "ringe",
  opnar: "apner",
  opne: "apne",
  ope: "apen",
  opent: "apent",
  stengjer: "stenger",
  stenga: "stenge",
  tek: "tar",
  teke: "tatt",
  gje: "gi",
  gjev: "gir",
  treng: "trenger",
  sja: "se",
  lagrar: "lagrer",
  lagra: "lagret",
  logga: "logget",
  innlogga: "innlogget",
  palogga: "palogget",
  sletta: "slettet",
  kome: "komme",
  kjem: "kommer",
  skreiv: "skrev",
  kostar: "koster",
  meldar: "melder",
  kontakta: "kontaktet",
  fekk: "fikk",
  leiar: "leder",
  leiarar: "ledere",
  leiaren: "lederen",
  // Nouns.
  morgon: "morgen",
  laurdag: "lordag",
  laurdagar: "lordager",
  sundag: "sondag",
  sundagar: "sondager",
  tysdag: "tirsdag",
  kvardag: "hverdag",
  kvardagar: "hverdager",
  kvardagane: "hverdagene",
  veke: "uke",
  veka: "uken",
  loysing: "losning",
  loysinga: "losningen",
  loysingar: "losninger",
  loyse: "lose",
  loyst: "lost",
  tilsett: "ansatt",
  tilsette: "ansatte",
  teneste: "tjeneste",
  tenesta: "tjenesten",
  tenester: "tjenester",
  tenestene: "tjenestene",
  radgjevar: "radgiver",
  radgjevaren: "radgiveren",
  radgjevarar: "radgivere",
  saksbehandlar: "saksbehandler",
  saksbehandlaren: "saksbehandleren",
  medarbeidar: "medarbeider",
  kundebehandlar: "kundebehandler",
  saka: "saken",
  adressa: "adressen",
  sida: "siden",
  nettsida: "nettsiden",
  heimeside: "hjemmeside",
  heimesida: "hjemmesiden",
  opningstid: "apningstid",
  opningstida: "apningstiden",
  opningstider: "apningstider",
  opningstidene: "apningstidene",
  menneskje: "menneske",
  hjelpa: "hjelpen",
  personar: "personer",
  personane: "personene",
  fleire: "flere",
  meir: "mer",
  sjolv: "selv",
  saman: "sammen",
  difor: "derfor",
  vere: "vaere",
  vera: "vaere",
  blei: "ble",
  vorte: "blitt",
  brukar: "bruker",
  brukarar: "brukere",
  brukarane: "brukerne",
  forespurnad: "foresporsel",
  forespurnaden: "foresporselen",
  oppmoding: "foresporsel",
  gjere: "gjore",
  hugse: "huske",
  likar: "liker",
  innan: "innen",
  utan: "uten",
  utanom: "utenom",
  utanfor: "utenfor",
  fram: "frem",
  natta: "natten",
  veker: "uker",
  vekene: "ukene",
};

/** Multi-word nynorsk question phrases ("kva tid" = "når"), in folded spelling. */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?<![a-z0-9])(?:kva|kor|ka) tid(?![a-z0-9])/g, "nar"],
  // "har snakka" is past tense; "å snakka" is the infinitive.
  [/(?<![a-z0-9])(har|hadde) snakka(?![a-z0-9])/g, "$1 snakket"],
  [/(?<![a-z0-9])(har|hadde) prata(?![a-z0-9])/g, "$1 pratet"],
  [/(?<![a-z0-9])kor (lenge|mange|mykje|mye|langt|ofte|fort)(?![a-z0-9])/g, "hvor $1"],
];

const WORD = /[a-z0-9]+/g;

/** Folded text with nynorsk and dialect words replaced by their (folded) bokmål forms. */
export function toBokmal(folded: string): string {
  let s = folded;
  for (const [re, to] of PHRASES) s = s.replace(re, to);
  return s.replace(WORD, (w) => WORDS[w] ?? w);
}

/**
 * Endings and spellings where nynorsk regularly differs from bokmål, as [nynorsk, bokmål] pairs
 * on folded words: "dekkjer" → "dekker", "svarar" → "svarer", "opplysningane" → "opplysningene",
 * "saka" → "saken", "behandlingsansvarleg" → "behandlingsansvarlig", "løyst" → "løst",
 * "raskast" → "raskest", "innan" → "innen", "tenester" → "tjenester", "kvar" → "hvar".
 */
const ENDINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/kjer$/, "ker"],
  [/gjer$/, "ger"],
  [/kje$/, "ke"],
  [/gje$/, "ge"],
  [/arane$/, "erne"],
  [/arar$/, "ere"],
  [/ane$/, "ene"],
  [/ar$/, "er"],
  [/inga$/, "ingen"],
  [/ingar$/, "inger"],
  [/leg$/, "lig"],
  [/lege$/, "lige"],
  [/heit$/, "het"],
  [/heita$/, "heten"],
  [/aste$/, "este"],
  [/ast$/, "est"],
  [/ast$/, "es"],
  [/an$/, "en"],
  [/a$/, "en"],
  [/a$/, "e"],
  [/a$/, "et"],
];
const SPELLINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/oy/g, "o"],
  [/^tene/, "tjene"],
  [/^kv/, "hv"],
  [/gjev/g, "giv"],
  [/^heim/, "hjem"],
  [/^mykj/, "myk"],
];

/**
 * Bokmål readings of a folded word that may be nynorsk, most likely first (endings, then
 * spellings, then both). The caller keeps only readings it knows: these are guesses.
 */
export function bokmalVariants(word: string): string[] {
  if (word.length < 4) return [];
  const out: string[] = [];
  const add = (w: string) => {
    if (w !== word && w.length >= 3 && !out.includes(w)) out.push(w);
  };
  const spelled = SPELLINGS.reduce((w, [re, to]) => w.replace(re, to), word);
  for (const base of [word, spelled]) {
    add(base);
    for (const [re, to] of ENDINGS) if (re.test(base)) add(base.replace(re, to));
  }
  return out;
}
