/** The watch History page's words (English; to become i18n keys). ASCII / Latin-1 only. */
import { clockText } from '../settings/settings-text.js';

export const HISTORY_TEXT = {
  title: 'History',
  homeButton: 'History',
  empty: 'No sessions yet. Your finished routines show here.',
  /** "Mon 6 Jan, 08:14", in the time the session was lived (its own UTC offset). */
  when: (at: number, utcOffsetMinutes: number): string => {
    const d = new Date(at + utcOffsetMinutes * 60_000);
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const time = clockText(d.getUTCHours() * 60 + d.getUTCMinutes());
    return `${days[d.getUTCDay()]} ${d.getUTCDate()} ${months[d.getUTCMonth()]}, ${time}`;
  },
  tightness: (before: number | null, after: number | null): string => {
    if (before === null && after === null) return 'Tightness not rated';
    const b = before === null ? '-' : String(before);
    const a = after === null ? '-' : String(after);
    return `Tightness ${b} -> ${a}`;
  },
  more: (n: number) => (n === 1 ? '1 older session' : `${n} older sessions`),
  back: 'Back',
} as const;
