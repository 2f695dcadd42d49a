import path from "node:path";

/** The knowledge directory: `SKRANKE_KNOWLEDGE_DIR`, else `./knowledge` under the working directory. */
export function knowledgeDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env["SKRANKE_KNOWLEDGE_DIR"]?.trim();
  return path.resolve(fromEnv ? fromEnv : "knowledge");
}
