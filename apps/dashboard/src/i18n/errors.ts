/**
 * Errors in words, in the active locale: a core descriptor (`i18n`) when the error has one, a
 * translated sentence for each typed server error code (`error.<code>` in the catalog), "cannot
 * reach the server" for a network failure (status 0). The English `message` of the wire is for
 * logs, never shown as such.
 */
import type { CoreMessage } from '../core';
import { coreText } from './core-text';
import { type MessageKey, t } from './i18n';

export interface ShownError {
  code?: string;
  message?: string;
  /** the HTTP status; 0 = the server was not reached */
  status?: number;
  i18n?: CoreMessage | null;
}

export function errorText(e: ShownError): string {
  if (e.i18n) return coreText(e.i18n);
  if (e.status === 0) return t('error.unreachable');
  if (e.code) {
    // a code the catalog has no sentence for comes back as its key
    const key = `error.${e.code}` as MessageKey;
    const text = t(key);
    if (text !== key) return text;
  }
  return t('error.unknown');
}
