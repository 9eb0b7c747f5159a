import type { CoreMessage } from '../core';
import { coreMessageOf } from '../i18n/core-text';

/** A core validation error shown next to its field, linked by `aria-describedby`. */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {messages.join(' ')}
    </span>
  );
}

/** Groups typed errors by their dot path, e.g. `items.2.holdSeconds`, in the active locale's words. */
export function errorsByPath<E extends { path: string; message: string; i18n?: CoreMessage | null }>(
  errors: readonly E[],
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of errors) {
    const list = map.get(e.path) ?? [];
    list.push(coreMessageOf(e));
    map.set(e.path, list);
  }
  return map;
}
