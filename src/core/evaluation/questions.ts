import { z } from "zod";
import type { Action } from "../answering/types.js";

const actionSchema = z.enum(["answer", "clarify", "handoff", "fallback"]);

/**
 * One labelled question of an evaluation set (one line of a JSONL file). Two formats:
 * the engine's own sets name acceptable entry ids (`expect.sources`); the held-out sets written
 * from the source documents alone name facts a right answer must state (`expect.facts`) and say in
 * words what it says (`expect.about`), optionally with the source documents it comes from.
 */
export const labelledQuestionSchema = z.object({
  q: z.string().min(1),
  org: z.string().min(1).optional(),
  /** Language the question is written in (nn: nynorsk or dialect; the reply is then bokmål). */
  lang: z.enum(["nb", "nn", "en"]).optional(),
  expect: z.object({
    action: actionSchema,
    /** For answers: the organisation the answer must come from. */
    org: z.string().min(1).optional(),
    /**
     * For answers: acceptable sources, any one is right: entry ids, or source documents (file
     * names such as "003_b89ec0380edb09c0.txt") the answer's entry or contact point must come from.
     */
    sources: z.array(z.string().min(1)).optional(),
    /** For answers: exact facts (numbers, addresses, names) the reply must state, all of them. */
    facts: z.array(z.string().min(1)).optional(),
    /** What a right reply says (for people reading a miss; not checked). */
    about: z.string().optional(),
  }),
});

export type LabelledQuestion = z.infer<typeof labelledQuestionSchema> & { readonly line: number };
export type ExpectedAction = Action;

/** Parses a JSONL evaluation set; throws with the line number of the first bad line. */
export function parseQuestions(jsonl: string): LabelledQuestion[] {
  const out: LabelledQuestion[] = [];
  jsonl.split("\n").forEach((raw, i) => {
    const text = raw.trim();
    if (text === "" || text.startsWith("//")) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new Error(`line ${i + 1}: malformed JSON (${(err as Error).message})`);
    }
    const parsed = labelledQuestionSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`line ${i + 1}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`);
    }
    const expect = parsed.data.expect;
    if (expect.action === "answer" && !expect.sources?.length && expect.facts === undefined) {
      throw new Error(`line ${i + 1}: an expected answer needs expect.sources or expect.facts`);
    }
    out.push({ ...parsed.data, line: i + 1 });
  });
  return out;
}
