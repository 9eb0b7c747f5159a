import type { ChildProcess } from 'node:child_process';

/** A program a test started (an emulator, redis-server): what it printed and when it exits. */
export interface HelperProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** stdout and stderr so far, for error messages */
  output(): string;
  readonly exited: Promise<void>;
  /** sends a signal to the program (its whole process group, where it runs in one) */
  kill(signal: NodeJS.Signals): void;
}

export function watchHelper(
  name: string,
  child: ChildProcess,
  kill: (signal: NodeJS.Signals) => void = (signal) => child.kill(signal),
): HelperProcess {
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { name, child, output: () => output, exited, kill };
}

/**
 * Polls `isReady` until it says yes. Fails with what the program printed if it exits first, or
 * kills it and fails if it is not ready within `timeoutMs`.
 */
export async function waitUntilReady(
  helper: HelperProcess,
  isReady: () => Promise<boolean>,
  timeoutMs: number,
  pollMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isReady())) {
    if (helper.child.exitCode !== null) throw new Error(`${helper.name} exited early:\n${helper.output()}`);
    if (Date.now() > deadline) {
      helper.kill('SIGKILL');
      throw new Error(`${helper.name} did not start within ${timeoutMs / 1000} s:\n${helper.output()}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** SIGTERM, then SIGKILL if it still runs after 5 s; resolves once it has exited. */
export async function stopHelper(helper: HelperProcess): Promise<void> {
  if (helper.child.exitCode !== null || helper.child.signalCode !== null) return;
  helper.kill('SIGTERM');
  const timer = setTimeout(() => helper.kill('SIGKILL'), 5000);
  await helper.exited;
  clearTimeout(timer);
}
