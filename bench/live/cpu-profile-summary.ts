import { readFileSync } from "node:fs";

/**
 * Where the CPU went, from a `node --cpu-prof` profile: self time per
 * function and per owner (a package under node_modules, a source folder,
 * node's own internals, garbage collection), over the samples taken in the
 * last `windowSeconds` of the profile (the load, not the start-up).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CostLine {
  name: string;
  ms: number;
  share: number;
}

export function ownerOf(url: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(idle)" || functionName === "(program)") return functionName;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const src = /\/(src|bench)\/((?:[^/]+\/)?[^/]+)\//.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  if (url.startsWith("node:") || url === "") return "node internals";
  return url.split("/").slice(-2).join("/");
}

export function summariseProfile(
  file: string,
  windowSeconds: number,
): { byOwner: CostLine[]; byFunction: CostLine[]; totalMs: number } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const from = profile.endTime - windowSeconds * 1e6;
  const owner = new Map<string, number>();
  const fn = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from) continue;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") continue;
    total += dt;
    const o = ownerOf(url, functionName);
    owner.set(o, (owner.get(o) ?? 0) + dt);
    const key = `${functionName || "(anonymous)"} ${o}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + dt);
  }
  const lines = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, share: total ? ms / total : 0 }));
  return { byOwner: lines(owner), byFunction: lines(fn), totalMs: total };
}

export async function main(args: string[]): Promise<void> {
  const [file, window = "25"] = args;
  if (!file) throw new Error("usage: npm run bench -- cpu-profile FILE.cpuprofile [window seconds]");
  const { byOwner, byFunction, totalMs } = summariseProfile(file, Number(window));
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say(`busy CPU in the window: ${totalMs.toFixed(0)} ms\n\n| owner | ms | share |\n|---|---|---|`);
  for (const l of byOwner.slice(0, 20)) say(`| ${l.name} | ${l.ms.toFixed(0)} | ${(l.share * 100).toFixed(1)} % |`);
  say("\n| function (self time) | ms | share |\n|---|---|---|");
  for (const l of byFunction.slice(0, 25)) say(`| ${l.name} | ${l.ms.toFixed(0)} | ${(l.share * 100).toFixed(1)} % |`);
}
