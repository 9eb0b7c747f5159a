import { exit, replace } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs } from '../../lib/platform/clock.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { PAGES } from '../../lib/routes.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

Page({
  state: {},
  build() {
    const { answerNudge, cachedSettings, runNudgeServiceNow, tipFor } = core();
    const layout = layoutFor(screenInfo());
    const { text } = layout;
    const now = nowMs();
    const snooze = cachedSettings().reminders.snoozeMinutes;
    let y = columnLabel(layout, {
      y: layout.top,
      text: 'Time to move?',
      size: text.title,
      minSize: text.body,
      maxLines: 1,
      color: COLORS.accent,
    }).bottom;
    y = columnLabel(layout, { y, text: 'You have been still for a while.', size: text.body }).bottom;
    const tip = tipFor('onNudge', now);
    y = columnLabel(layout, {
      y: y + layout.gap / 2,
      text: tip.text,
      size: text.small,
      color: COLORS.muted,
    }).bottom;
    y = buttonColumn(layout, y + layout.gap, [
      {
        text: 'Start micro-break',
        onTap: () => {
          answerNudge('started', nowMs());
          replace({ url: PAGES.runner, params: JSON.stringify({ routine: 'quick', trigger: 'nudge' }) });
        },
      },
      {
        text: `Snooze ${snooze} min`,
        kind: 'secondary',
        onTap: () => {
          answerNudge('snoozed', nowMs());
          // The service re-decides now and books its wake-up for the end of the snooze.
          runNudgeServiceNow(nowMs());
          exit();
        },
      },
      {
        text: 'Dismiss',
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
