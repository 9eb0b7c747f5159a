/**
 * Every user-facing string of the watch settings page (English; to become i18n keys). ASCII /
 * Latin-1 only: the watch fonts may lack other glyphs.
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
