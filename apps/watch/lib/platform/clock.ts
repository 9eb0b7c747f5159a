/**
 * The watch's clock, read in one place so that every rule in the core gets time injected.
 * The zone name is not exposed by Zepp OS; the offset is measured here and the zone name comes
 * from the synced plan settings (the user's home zone).
 */
export function nowMs(): number {
  return Date.now();
}

export function utcOffsetMinutesAt(epochMs: number): number {
  return -new Date(epochMs).getTimezoneOffset();
}
