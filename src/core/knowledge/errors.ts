/** One problem found while loading the knowledge base. */
export interface KnowledgeProblem {
  /** File the problem is in, relative to the knowledge directory (or the directory itself). */
  readonly file: string;
  /** Where in the file: an entry id and/or a JSON path such as `[3].answer.en`; empty when it concerns the whole file. */
  readonly where: string;
  readonly message: string;
}

export function formatProblem(problem: KnowledgeProblem): string {
  return problem.where
    ? `${problem.file} (${problem.where}): ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}

/** Thrown by the loader when any file is missing, malformed or inconsistent; lists every problem found. */
export class KnowledgeLoadError extends Error {
  readonly problems: readonly KnowledgeProblem[];

  constructor(dir: string, problems: readonly KnowledgeProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(
      `Knowledge base ${dir} could not be loaded (${count}):\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`,
    );
    this.name = "KnowledgeLoadError";
    this.problems = problems;
  }
}
