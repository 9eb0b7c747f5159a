/**
 * A bench child process (`target.ts`, `clients.ts`) spoken to over IPC: send a message, wait for
 * the reply of a given type. Shared by `load.ts` and `handshake-cpu.ts`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

export class Child<Out extends { type: string }, In extends { type: string }> {
  readonly process: ChildProcess;
  /** `cleanups` gets a kill of this child, for a run stopped at its time limit */
  constructor(file: string, args: string[], execArgv: string[], cleanups?: (() => void)[]) {
    this.process = fork(join(HERE, file), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    cleanups?.push(() => this.process.kill());
    // a child that dies mid-run would leave us waiting for its reply
    this.process.once('exit', (code) => {
      if (code !== 0 && code !== null) {
        process.stderr.write(`bench child ${file} exited with ${code}\n`);
        process.exit(1);
      }
    });
  }

  /** Resolves once the process has exited, or after `ms` (it is killed at the run's end anyway). */
  exited(ms: number): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.process.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  ask<T extends In['type']>(msg: Out, type: T): Promise<Extract<In, { type: T }>> {
    return new Promise((resolve) => {
      const on = (reply: In) => {
        if (reply.type !== type) return;
        this.process.off('message', on);
        resolve(reply as Extract<In, { type: T }>);
      };
      this.process.on('message', on);
      this.process.send(msg);
    });
  }
}
