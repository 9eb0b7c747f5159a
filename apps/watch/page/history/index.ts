import { back } from '@zos/router';
import { core } from '../../lib/core.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { t } from '../../lib/i18n/page-t.js';
import { clockText } from '../../lib/settings/settings-text.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

/**
 * "Mon 6 Jan, 08:14" / "Mo., 6. Jan., 08:14" / "1月6日 周一 08:14": when the session ended, in the
 * time it was lived (its own UTC offset), in the order of the watch's language (`history.when`).
 */
function whenText(at: number, utcOffsetMinutes: number): string {
  const d = new Date(at + utcOffsetMinutes * 60_000);
  return t('history.when', {
    weekday: t(`date.weekday.${d.getUTCDay()}`),
    day: d.getUTCDate(),
    month: t(`date.month.${d.getUTCMonth() + 1}`),
    time: clockText(d.getUTCHours() * 60 + d.getUTCMinutes()),
  });
}

function tightnessText(before: number | null, after: number | null): string {
  if (before === null && after === null) return t('history.notRated');
  return t('history.tightness', {
    before: before === null ? '-' : before,
    after: after === null ? '-' : after,
  });
}

/** Sessions listed on the watch; the dashboard has the rest. */
const SHOWN = 8;

Page({
  state: {},
  build() {
    const { recentSessions, routineName } = core();
    const layout = layoutFor(screenInfo());
    const { text } = layout;
    let y = columnLabel(layout, {
      y: layout.top,
      text: t('history.title'),
      size: text.title,
      maxLines: 1,
      color: COLORS.accent,
    }).bottom;
    y += layout.gap;
    const { entries, older } = recentSessions(SHOWN);
    if (entries.length === 0) {
      y =
        columnLabel(layout, { y, text: t('history.empty'), size: text.small, color: COLORS.muted }).bottom +
        layout.gap;
    }
    for (const e of entries) {
      y = columnLabel(layout, {
        y,
        text: whenText(e.endedAt, e.utcOffsetMinutes),
        size: text.small,
        maxLines: 1,
        color: COLORS.muted,
      }).bottom;
      y = columnLabel(layout, {
        y,
        // a built-in routine in the watch's language; a name the person gave stays theirs
        text: routineName({ id: e.routineId, name: e.routineName }),
        size: text.body,
        minSize: text.small,
        maxLines: 2,
      }).bottom;
      y =
        columnLabel(layout, {
          y,
          text: tightnessText(e.painBefore, e.painAfter),
          size: text.small,
          maxLines: 1,
          color: COLORS.accent,
        }).bottom + layout.gap;
    }
    if (older > 0)
      y =
        columnLabel(layout, {
          y,
          text: t('history.more', { count: older }),
          size: text.small,
          color: COLORS.muted,
        }).bottom + layout.gap;
    y = buttonColumn(layout, y, [{ text: t('common.back'), kind: 'secondary', onTap: () => back() }]);
    pageEnd(layout, y);
  },
});
