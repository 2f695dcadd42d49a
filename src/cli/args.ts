/** A flag a command accepts: a boolean switch or an option with a value. */
export interface FlagSpec {
  readonly name: string;
  readonly takesValue: boolean;
}

export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positional: readonly string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Strict command-line parsing: `--flag`, `--option value`, `--option=value`, and `--` to end flags.
 * Unknown flags, missing values and repeated flags are usage errors.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, "");
    const spec = byName.get(name);
    if (!spec || !arg.startsWith("--")) {
      const known = specs.map((s) => `--${s.name}`).join(", ");
      throw new UsageError(`unknown option ${eq >= 0 ? arg.slice(0, eq) : arg} (known: ${known})`);
    }
    if (flags.has(name)) throw new UsageError(`--${name} given more than once`);
    if (!spec.takesValue) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
      throw new UsageError(`--${name} needs a value`);
    }
    flags.set(name, value);
  }
  return { flags, positional };
}
