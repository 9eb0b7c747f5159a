/** A core validation error shown next to its field, linked by `aria-describedby`. */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {messages.join(' ')}
    </span>
  );
}

/** Groups typed errors by their dot path, e.g. `items.2.holdSeconds`. */
export function errorsByPath<E extends { path: string; message: string }>(
  errors: readonly E[],
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of errors) {
    const list = map.get(e.path) ?? [];
    list.push(e.message);
    map.set(e.path, list);
  }
  return map;
}
