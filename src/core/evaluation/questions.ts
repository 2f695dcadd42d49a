import { z } from "zod";
import type { Action } from "../answering/types.js";

const actionSchema = z.enum(["answer", "clarify", "handoff", "fallback"]);

/** One labelled question of the evaluation set (one line of a JSONL file). */
export const labelledQuestionSchema = z.object({
  q: z.string().min(1),
  org: z.string().min(1).optional(),
  expect: z.object({
    action: actionSchema,
    /** For answers: the organisation the answer must come from. */
    org: z.string().min(1).optional(),
    /** For answers: acceptable entry ids (any one is correct). */
    sources: z.array(z.string().min(1)).optional(),
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
    if (parsed.data.expect.action === "answer" && !parsed.data.expect.sources?.length) {
      throw new Error(`line ${i + 1}: an expected answer needs expect.sources`);
    }
    out.push({ ...parsed.data, line: i + 1 });
  });
  return out;
}
