/** "07:30" for a minute of the day (wrapped around the clock): the watch and the phone page show times so. */
export function clockText(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `${hh}:${mm}`;
}
