import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { SERVER_START_MS } from "./wait.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** The TypeScript sources through tsx (the default), or the build as `npm start` runs it. */
export const FROM_SOURCES = ["--import", "tsx", "src/main.ts"];
export const FROM_DIST = ["--enable-source-maps", "dist/main.js"];

/** The server as its own process, on a free port unless `env.PORT` names one. */
export async function spawnServer(env: NodeJS.ProcessEnv, args: string[] = FROM_SOURCES): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${SERVER_START_MS / 1000} s:\n${out}`)),
      SERVER_START_MS,
    );
    const check = () => {
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // "close" comes after the output pipes are drained: the last log lines are in output() by then.
        child.once("close", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
