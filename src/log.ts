import { redact } from './secrets.js';

/**
 * The logging port. Nothing below the entry points writes to the console or the runner directly,
 * so the action (core.info/warning/group) and the CLI (stderr) supply their own.
 */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Marks a credential so that no log output ever shows it. */
  secret(value: string): void;
  /** A line shown at once even while a group's output is held back (long copies in a fleet run). */
  progress(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export const silentLog: Log = {
  debug() {},
  info() {},
  warning() {},
  secret() {},
  progress() {},
  group: (_name, fn) => fn(),
};

/** A log that writes to a stream (the CLI's stderr), masking every registered secret. */
export function streamLog(write: (line: string) => void, options: { verbose?: boolean } = {}): Log {
  const secrets = new Set<string>();
  const mask = (text: string): string => {
    let out = redact(text);
    for (const s of secrets) out = out.split(s).join('***');
    return out;
  };
  return {
    debug: (m) => {
      if (options.verbose) write(mask(`debug: ${m}`));
    },
    // The CLI's stdout has every status and swap; stderr gets the play-by-play only with --verbose.
    info: (m) => {
      if (options.verbose) write(mask(m));
    },
    warning: (m) => write(mask(`warning: ${m}`)),
    secret: (v) => {
      if (v) secrets.add(v);
    },
    progress: (m) => write(mask(m)),
    group: async (name, fn) => {
      if (options.verbose) write(mask(`== ${name}`));
      return fn();
    },
  };
}

/**
 * A log for one image of a fleet: its info and debug lines are held (images run in parallel, in two
 * phases) and replayed as one group in input order; warnings, progress and secrets go out at once.
 */
export function heldLog(parent: Log): Log & { replay(name: string): Promise<void> } {
  const lines: { level: 'debug' | 'info'; message: string }[] = [];
  return {
    debug: (m) => lines.push({ level: 'debug', message: m }),
    info: (m) => lines.push({ level: 'info', message: m }),
    warning: (m) => parent.warning(m),
    secret: (v) => parent.secret(v),
    progress: (m) => parent.progress(m),
    group: (_name, fn) => fn(),
    replay: (name) =>
      parent.group(name, async () => {
        for (const line of lines) parent[line.level](line.message);
      }),
  };
}
