import { foldText } from "./normalize.js";
import { stemsOf } from "./stem.js";

/**
 * Common words of everyday Norwegian (bokmål, including colloquial forms) and English that are
 * not stop words. A question word that the knowledge base does not know but that is one of these
 * (in any inflection the stemmer folds together) is
 *  - never "corrected" into a knowledge-base word ("helt" is not a typo of "help", "mest" not of
 *    "meet", "sette" not of "slette"), and
 *  - weighed as chat context rather than as an unknown topic: "lang historie, men ... hvordan får
 *    jeg tak i dem?" is still a contact question, while an unknown noun ("vinterdekk",
 *    "barnehageplass") still says the question is about something the sources do not cover.
 */
const WORDS = `
absolutt akkurat alltid alt andre annen annet begge bestandig bestemme bestemmer bestemte bety betyr
bli blir ble blitt bra         burde       del deler dessverre drive egen
eget egne eksempel ellers endelig enda enkel enkelt enkle ennå etterpå faktisk fall   ferdig fikk
finne finner fant funnet fin fint flere flest fort fortsatt fra fram frem fungere før først
gang ganger ganske gammel gamle gjelde gjelder gjerne gjennom gjort god godt gode gikk gå går gått
hadde hele   helt hende hender hendte   hjemme holde holder holdt hvis hvordan høre hører hørte
igjen ingenting innen inne ja         kanskje klare klarer klarte kom komme kommer
kommet     kjapt kjapp lage lager laget lang lange langt lett ligge ligger lite liten lage
lurer lenger lese leser leste like likevel løpet mandag tirsdag onsdag torsdag fredag mange mener
mente mens mer mest mulig må måtte når neste nesten nettopp nok nylig nå ofte også om omtrent
plutselig prøve prøver prøvde prøvd rett riktig rundt samme sammen sant satt se ser så sett sette
setter si sier sa sagt siden sikker sikkert sist siste skje skjer skjedde skrive skriver skrev skrevet
slik slikt slutt slutte slutter sluttet slutta snart spesielt står sto stod stå stor store stort sånn
sånt takk tatt ta tar tenke tenker tenkte   tidlig tilbake     tja tok trenge trenger trengte
tror trodde tro     uten vanlig vanligvis vent vente venter ventet vet visste vise viser viste
vite vær være veldig vel virkelig     uansett akkurat allerede alle bort borte dårlig enig fikse
fikset forstå forstår forsto forklare forklar glemt glemte glemme greit grei hei hm hmm høy igår idag
imorgen imorra kjempe               lang  
            gamle første andre tredje fire fem seks syv sju åtte ni ti
      helt heller hverandre hvorfor   lenge mye mindre minst mulighet problemet
          sykt tregt treg                    
                           
noensinne aldri overalt ingensteds egentlig uansett derfor fordi altså liksom kjempebra supert super
dritt skikkelig kjempe fullstendig totalt litt lite mest altfor
actually again already always anything anyway back bad because before better big both bring came come
comes coming day days different done down each else enough even ever every everything fine first
found get gets getting give given go goes going gone good got great guess happen happened happens
hard   here high just keep kind know last late later least left less let little long look looking
lot lots made make makes many maybe mean means might more most much must new next nice nothing now
old once only other others over own part people place probably put quite rather really right said
same say says see seem seems seen since small so some something soon still story sure take taken
tell than thing things think thought   times today tomorrow told tried try trying turn two use
used usually very want wanted way week well went while whole work worked working works wrong year
yesterday            
bother bothering idea ideas handy these those stuff whatever perhaps usual typical normal actual real
approximate around exact best easiest easy simple ever pretty bunch instance example certain particular
specific able possible wondering type types sort sorts anyone somebody someone anybody new here there
forstyrre plage plager ide ideer noenlunde cirka typisk normalt generelt stort ny nye nytt dager dagen
akkurat nåværende forresten iallfall ihvertfall uansett kjapt lurt greie
oppdage oppdaget oppdager oppdaga merke merket merker discover discovered notice noticed realise realised
tid tiden klokka klokken gammel gamle gammelt      
lørdag søndag monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
thursdays fridays morning mornings afternoon noon midday formiddag formiddagen ettermiddag ettermiddagen
`;

/**
 * Everyday nouns outside every organisation's topics. They are real words, so never "corrected"
 * into a knowledge-base word ("aviser" is not "adviser"), but unlike the common words above they
 * do say what the question is about, so they still count as unknown topics.
 */
const NOUNS = `
mann kone barn sønn datter mor far foreldre venn venner kontor kontoret jobben penger lønn lønna
kollega kollegaen kollegaer kollegene sjef sjefen leder colleague colleagues boss
avis aviser avisa avisene bok boka boken bøker film filmer serie serier musikk sang sanger spill
bil bilen biler sykkel sykkelen buss bussen tog toget fly flyet båt båten hus huset hytte hytta
hage hagen hund hunden katt katten mat middag frokost lunsj kaffe te øl vin pizza kake kaker
vær været regn snø sol sommer vinter høst vår ferie ferien reise reisen hotell strand fjell
skole skolen lekse lekser eksamen lærer student studenter kunst historie politikk valg regjering
lege legen sykehus apotek medisin trening treningssenter fotball kamp kampen lag laget
klær sko jakke genser butikk butikken handel penger lønn skatt strøm strømmen husleie
newspaper newspapers book books movie movies music song car cars bike bus train plane house dog cat
food dinner lunch breakfast coffee beer wine weather rain snow holiday hotel beach school homework
doctor hospital medicine football game games clothes shoes shop money salary tax electricity rent
`;

const NOUN_SET = new Set<string>();
for (const raw of NOUNS.split(/\s+/)) if (raw !== "") NOUN_SET.add(foldText(raw));

/** Whether a folded word is a real everyday word (common or an everyday noun): never spelling-corrected. */
export function isDictionaryWord(folded: string): boolean {
  return NOUN_SET.has(folded) || isGeneralWord(folded);
}

const WORD_SET = new Set<string>();
const STEM_SET = new Set<string>();
for (const raw of WORDS.split(/\s+/)) {
  if (raw === "") continue;
  const w = foldText(raw);
  WORD_SET.add(w);
  for (const s of stemsOf(w)) STEM_SET.add(s);
}

/**
 * Adverbs of manner and degree ("normally", "roughly", "vanligvis", "heldigvis"): they colour a
 * question, they do not say what it is about. Nouns that end the same way are not adverbs.
 */
const ADVERB = /^(?:[a-z]{4,}ly|[a-z]{4,}vis)$/;
const NOT_ADVERBS = new Set(["family", "supply", "assembly", "monopoly", "anomaly", "butterfly", "italy"]);

/** Whether a folded word is a common word of the language (in any inflection the stemmers fold together). */
export function isGeneralWord(folded: string): boolean {
  if (WORD_SET.has(folded)) return true;
  if (ADVERB.test(folded) && !NOT_ADVERBS.has(folded)) return true;
  const stems = stemsOf(folded);
  return stems.length > 0 && stems[0] !== undefined && STEM_SET.has(stems[0]) && folded.length >= 4;
}
