import { exit, replace } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs } from '../../lib/platform/clock.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { PAGES } from '../../lib/routes.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { t } from '../../lib/i18n/page-t.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

Page({
  state: {},
  build() {
    const { answerNudge, cachedSettings, runNudgeServiceNow, tipFor, tipText } = core();
    const layout = layoutFor(screenInfo());
    const { text } = layout;
    const now = nowMs();
    const snooze = cachedSettings().reminders.snoozeMinutes;
    let y = columnLabel(layout, {
      y: layout.top,
      text: t('nudge.title'),
      size: text.title,
      minSize: text.body,
      maxLines: 1,
      color: COLORS.accent,
    }).bottom;
    y = columnLabel(layout, { y, text: t('nudge.still'), size: text.body }).bottom;
    const tip = tipFor('onNudge', now);
    y = columnLabel(layout, {
      y: y + layout.gap / 2,
      text: tipText(tip.id),
      size: text.small,
      color: COLORS.muted,
    }).bottom;
    y = buttonColumn(layout, y + layout.gap, [
      {
        text: t('nudge.start'),
        onTap: () => {
          answerNudge('started', nowMs());
          replace({ url: PAGES.runner, params: JSON.stringify({ routine: 'quick', trigger: 'nudge' }) });
        },
      },
      {
        text: t('nudge.snooze', { minutes: snooze }),
        kind: 'secondary',
        onTap: () => {
          answerNudge('snoozed', nowMs());
          // The service re-decides now and books its wake-up for the end of the snooze.
          runNudgeServiceNow(nowMs());
          exit();
        },
      },
      {
        text: t('nudge.dismiss'),
        kind: 'secondary',
        onTap: () => {
          answerNudge('dismissed', nowMs());
          exit();
        },
      },
    ]);
    pageEnd(layout, y);
  },
});
