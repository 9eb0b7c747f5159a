import { push } from '@zos/router';
import { core } from '../../lib/core.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { PAGES } from '../../lib/routes.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { t } from '../../lib/i18n/page-t.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

Page({
  state: {},
  build() {
    const { availableRoutines, routineDurationSeconds, routineName } = core();
    const layout = layoutFor(screenInfo());
    const y = columnLabel(layout, {
      y: layout.top,
      text: t('picker.title'),
      size: layout.text.title,
      maxLines: 1,
      color: COLORS.accent,
    }).bottom;
    const routines = availableRoutines();
    const end = buttonColumn(
      layout,
      y + layout.gap,
      routines.map((r, i) => ({
        // Users name routines on the dashboard (up to 80 characters): the name wraps to two lines
        // and ends in an ellipsis if need be; the duration always stays readable.
        text: routineName(r),
        detail: t('picker.minutes', { minutes: Math.max(1, Math.round(routineDurationSeconds(r) / 60)) }),
        kind: i === 0 ? ('primary' as const) : ('secondary' as const),
        onTap: () =>
          push({ url: PAGES.runner, params: JSON.stringify({ routineId: r.id, trigger: 'manual' }) }),
      })),
    );
    pageEnd(layout, end);
  },
});
