/**
 * Every user-facing string of the watch settings page, the History page and the shortcut card,
 * in one place (English; to become i18n keys). ASCII / Latin-1 only: the watch fonts may lack
 * other glyphs.
 */
export function clockText(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `${hh}:${mm}`;
}

export const SETTINGS_TEXT = {
  title: 'Settings',
  nudges: (on: boolean) => (on ? 'Nudges: on' : 'Nudges: off'),
  nudgesFrom: 'Nudges from',
  nudgesUntil: 'Nudges until',
  snooze: 'Snooze for',
  snoozeValue: (minutes: number) => `${minutes} min`,
  reminder: (on: boolean) => (on ? 'Routine reminder: on' : 'Routine reminder: off'),
  reminderAt: 'Reminder at',
  earlier: '-',
  later: '+',
  saved: 'Saved on this watch.',
  savedPaired: 'Saved. It syncs to your other devices.',
  off: 'No nudges until you turn them back on.',
  back: 'Back',
  homeButton: 'Settings',
} as const;

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

export const CARD_TEXT = {
  title: 'Unknot',
  progress: (done: number, planned: number): string =>
    planned > 0 ? `Today ${Math.min(done, 99)}/${planned}` : done > 0 ? `Today ${done} done` : 'Rest day',
  quickBreak: 'Quick break',
} as const;
