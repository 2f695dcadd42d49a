import { foldText, wordsOf } from "../answering/normalize.js";
import { stemsOf } from "../answering/stem.js";
import { isStopword } from "../answering/stopwords.js";
import type { Entry, KnowledgeBase, Lang } from "../knowledge/index.js";

/**
 * Knowledge-base search for agents: they type a few words and insert the
 * answer they pick. A simple stemmed word match over each entry's questions,
 * tags and answer (agents read the results, so ranking need not be perfect).
 */
export interface KnowledgeHit {
  id: string;
  question: string;
  answer: string;
  language: Lang;
  source: { file: string; section: string };
  score: number;
}

interface IndexedEntry {
  entry: Entry;
  questions: Set<string>;
  tags: Set<string>;
  answer: Set<string>;
}

const WEIGHTS = { questions: 3, tags: 2, answer: 1 } as const;

function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of wordsOf(foldText(text))) {
    if (isStopword(w)) continue;
    out.push(...stemsOf(w));
  }
  return out;
}

export type KnowledgeSource = () => KnowledgeBase | Promise<KnowledgeBase>;

export class KnowledgeSearch {
  private index: Promise<Map<string, IndexedEntry[]>> | undefined;

  constructor(private readonly source: KnowledgeSource) {}

  private build(): Promise<Map<string, IndexedEntry[]>> {
    this.index ??= (async () => {
      const kb = await this.source();
      const byOrg = new Map<string, IndexedEntry[]>();
      for (const entry of kb.entries) {
        const indexed: IndexedEntry = {
          entry,
          questions: new Set([...entry.questions.nb, ...entry.questions.en].flatMap(terms)),
          tags: new Set(entry.tags.flatMap(terms)),
          answer: new Set([entry.answer.nb, entry.answer.en].flatMap(terms)),
        };
        const list = byOrg.get(entry.organisation) ?? [];
        list.push(indexed);
        byOrg.set(entry.organisation, list);
      }
      return byOrg;
    })().catch((err: unknown) => {
      this.index = undefined;
      throw err;
    });
    return this.index;
  }

  async search(organisationSlug: string, query: string, language: Lang, limit = 5): Promise<KnowledgeHit[]> {
    const wanted = [...new Set(terms(query))];
    if (wanted.length === 0) return [];
    const entries = (await this.build()).get(organisationSlug) ?? [];
    const scored: KnowledgeHit[] = [];
    for (const e of entries) {
      let score = 0;
      for (const t of wanted) {
        if (e.questions.has(t)) score += WEIGHTS.questions;
        else if (e.tags.has(t)) score += WEIGHTS.tags;
        else if (e.answer.has(t)) score += WEIGHTS.answer;
      }
      if (score === 0) continue;
      scored.push({
        id: e.entry.id,
        question: e.entry.questions[language][0] ?? e.entry.questions.nb[0] ?? e.entry.id,
        answer: e.entry.answer[language] || e.entry.answer.nb,
        language,
        source: { file: e.entry.source.file, section: e.entry.source.section },
        score: score / (wanted.length * WEIGHTS.questions),
      });
    }
    return scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
  }
}
