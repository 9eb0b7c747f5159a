import { back } from '@zos/router';
import { core } from '../../lib/core.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { HISTORY_TEXT as T } from '../../lib/history/history-text.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

/** Sessions listed on the watch; the dashboard has the rest. */
const SHOWN = 8;

Page({
  state: {},
  build() {
    const { recentSessions } = core();
    const layout = layoutFor(screenInfo());
    const { text } = layout;
    let y = columnLabel(layout, {
      y: layout.top,
      text: T.title,
      size: text.title,
      maxLines: 1,
      color: COLORS.accent,
    }).bottom;
    y += layout.gap;
    const { entries, older } = recentSessions(SHOWN);
    if (entries.length === 0) {
      y =
        columnLabel(layout, { y, text: T.empty, size: text.small, color: COLORS.muted }).bottom + layout.gap;
    }
    for (const e of entries) {
      y = columnLabel(layout, {
        y,
        text: T.when(e.endedAt, e.utcOffsetMinutes),
        size: text.small,
        maxLines: 1,
        color: COLORS.muted,
      }).bottom;
      y = columnLabel(layout, {
        y,
        text: e.routineName,
        size: text.body,
        minSize: text.small,
        maxLines: 2,
      }).bottom;
      y =
        columnLabel(layout, {
          y,
          text: T.tightness(e.painBefore, e.painAfter),
          size: text.small,
          maxLines: 1,
          color: COLORS.accent,
        }).bottom + layout.gap;
    }
    if (older > 0)
      y =
        columnLabel(layout, { y, text: T.more(older), size: text.small, color: COLORS.muted }).bottom +
        layout.gap;
    y = buttonColumn(layout, y, [{ text: T.back, kind: 'secondary', onTap: () => back() }]);
    pageEnd(layout, y);
  },
});
