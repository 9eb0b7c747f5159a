import { log } from '@zos/utils';

export interface Logger {
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
}

/** One logger per module, through Zepp's own logger (which takes strings only). */
export function getLogger(name: string): Logger {
  const logger = log.getLogger(`unknot.${name}`);
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
  return {
    info: (...parts) => logger.log(...text(parts)),
    warn: (...parts) => logger.warn(...text(parts)),
  };
}
