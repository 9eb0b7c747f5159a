/** Page params arrive as a string on the device (router.push serialises objects) or as an object. */
export function parsePageParams(params: unknown): Record<string, unknown> {
  if (typeof params === 'object' && params !== null) return params as Record<string, unknown>;
  if (typeof params !== 'string' || params === '') return {};
  try {
    const parsed = JSON.parse(params) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    // Not JSON (e.g. a notification's plain param): there are no named params.
    return {};
  }
}

export function stringParam(params: Record<string, unknown>, key: string): string | null {
  const value = params[key];
  return typeof value === 'string' ? value : null;
}
