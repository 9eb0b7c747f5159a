/** The phone settings page's words for the nudge and reminder settings (English; to become i18n keys). */
export const PHONE_REMINDER_TEXT = {
  section: 'Nudges and reminders',
  nudges: 'Nudges after long still spells',
  from: 'Nudges from (HH:MM)',
  until: 'Nudges until (HH:MM)',
  snooze: 'Snooze (minutes)',
  reminder: 'Daily routine reminder',
  reminderAt: 'Reminder time (HH:MM)',
  waiting: 'Saved here. Your watch takes the change the next time you open Unknot on it.',
  fromWatch:
    'These are the settings on your watch. You can also change them on the watch: Unknot > Settings.',
  noWatchYet: 'Open Unknot on your watch once to see its settings here.',
} as const;
