import { BasePage } from '@zeppos/zml/base-page';
import { back } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs } from '../../lib/platform/clock.js';
import { screenInfo } from '../../lib/platform/screen.js';
import type { ReminderEdit } from '../../lib/settings/reminder-edit.js';
import { t } from '../../lib/i18n/page-t.js';
import { clockText } from '../../lib/settings/settings-text.js';
import { type Layout, layoutFor, rowAt } from '../../lib/ui/layout.js';
import { COLORS } from '../../lib/ui/theme.js';
import { button, buttonColumn, columnLabel, type FittedText, label, pageEnd } from '../../lib/ui/widgets.js';

/** A change syncs this long after the last tap (taps in a row make one round). */
const SYNC_AFTER_MS = 1_500;
let syncTimer: number | null = null;

/** The stepper's signs (symbols, the same in every language). */
const EARLIER = '-';
const LATER = '+';

/** A "-" value "+" row: big round buttons at the sides, the value between them. */
function stepper(
  layout: Layout,
  y: number,
  value: string,
  onStep: (by: -1 | 1) => void,
): { value: FittedText; bottom: number } {
  const h = layout.buttonH;
  const row = rowAt(layout, y, h, h / 2);
  const side = h;
  const opts = { y, w: side, h, textSize: layout.text.title, kind: 'secondary' as const };
  button({ ...opts, x: row.x, text: EARLIER, onTap: () => onStep(-1) });
  button({ ...opts, x: row.x + row.w - side, text: LATER, onTap: () => onStep(1) });
  const shown = label({
    x: row.x + side,
    y,
    w: row.w - 2 * side,
    h,
    text: value,
    size: layout.text.title,
    minSize: layout.text.body,
  });
  return { value: shown, bottom: y + h };
}

Page(
  BasePage({
    state: {},
    build() {
      const { coreText, currentReminderSettings, editReminderSettings, loadSyncStatus, syncAndApply } =
        core();
      const layout = layoutFor(screenInfo());
      const { text } = layout;
      let settings = currentReminderSettings();
      const reminderOf = () => settings.routineReminder ?? { enabled: false, minute: 7 * 60 + 30 };

      let y = columnLabel(layout, {
        y: layout.top,
        text: t('settings.title'),
        size: text.title,
        maxLines: 1,
        color: COLORS.accent,
      }).bottom;
      y += layout.gap;

      const views: Array<() => void> = [];
      let status: FittedText | null = null;
      const refresh = () => {
        for (const v of views) v();
      };
      const apply = (edit: ReminderEdit) => {
        const result = editReminderSettings(edit, nowMs());
        settings = result.settings;
        refresh();
        if (!status) return;
        if (!result.ok) {
          // the core's refusal in the watch's language; null: the replica did not take the write
          status.set(result.problem ? coreText(result.problem) : t('settings.notSaved'));
          return;
        }
        const paired = loadSyncStatus().paired === true;
        status.set(
          settings.enabled ? (paired ? t('settings.savedPaired') : t('settings.saved')) : t('settings.off'),
        );
        if (!paired) return;
        if (syncTimer !== null) clearTimeout(syncTimer);
        syncTimer = setTimeout(() => {
          syncTimer = null;
          syncAndApply(this.request.bind(this), {}).catch(() => undefined);
        }, SYNC_AFTER_MS);
      };

      const toggle = (y0: number, textOf: () => string, edit: ReminderEdit) => {
        const row = rowAt(layout, y0, layout.buttonH, layout.buttonH / 2);
        const b = button({
          ...row,
          y: y0,
          h: layout.buttonH,
          text: textOf(),
          onTap: () => apply(edit),
          kind: 'primary',
          textSize: text.body,
          minTextSize: text.small,
        });
        views.push(() => b.set(textOf()));
        return b.bottom + layout.gap;
      };
      const heading = (y0: number, words: string) =>
        columnLabel(layout, { y: y0, text: words, size: text.small, maxLines: 1, color: COLORS.muted })
          .bottom;
      const step = (y0: number, shownValue: () => string, edit: (by: -1 | 1) => ReminderEdit) => {
        const s = stepper(layout, y0, shownValue(), (by) => apply(edit(by)));
        views.push(() => s.value.set(shownValue()));
        return s.bottom + layout.gap;
      };

      y = toggle(y, () => (settings.enabled ? t('settings.nudges.on') : t('settings.nudges.off')), {
        kind: 'toggleNudges',
      });
      y = heading(y, t('settings.nudgesFrom'));
      y = step(
        y,
        () => clockText(settings.activeHours.startMinute),
        (by) => ({ kind: 'shiftStart', by }),
      );
      y = heading(y, t('settings.nudgesUntil'));
      y = step(
        y,
        () => clockText(settings.activeHours.endMinute),
        (by) => ({ kind: 'shiftEnd', by }),
      );
      y = heading(y, t('settings.snooze'));
      y = step(
        y,
        () => t('settings.snoozeValue', { minutes: settings.snoozeMinutes }),
        (by) => ({ kind: 'shiftSnooze', by }),
      );
      y = toggle(y, () => (reminderOf().enabled ? t('settings.reminder.on') : t('settings.reminder.off')), {
        kind: 'toggleRoutineReminder',
      });
      y = heading(y, t('settings.reminderAt'));
      y = step(
        y,
        () => clockText(reminderOf().minute),
        (by) => ({ kind: 'shiftRoutineReminder', by }),
      );
      status = columnLabel(layout, {
        y,
        h: Math.round(text.small * 2.6),
        text: '',
        size: text.small,
        color: COLORS.warn,
      });
      y = status.bottom + layout.gap;
      y = buttonColumn(layout, y, [{ text: t('common.back'), kind: 'secondary', onTap: () => back() }]);
      pageEnd(layout, y);
    },
    onDestroy() {
      if (syncTimer !== null) clearTimeout(syncTimer);
      syncTimer = null;
    },
  }),
);
