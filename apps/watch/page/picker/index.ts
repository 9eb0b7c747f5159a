import { push } from '@zos/router';
import { core } from '../../lib/core.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { PAGES } from '../../lib/routes.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, label } from '../../lib/ui/widgets.js';

Page({
  state: {},
  build() {
    const { availableRoutines, routineDurationSeconds } = core();
    const layout = layoutFor(screenInfo());
    const { x, w, text } = layout;
    const y = label({
      x,
      y: layout.top,
      w,
      text: 'Routines',
      size: text.title,
      color: COLORS.accent,
    }).bottom;
    const routines = availableRoutines();
    const end = buttonColumn(
      layout,
      y + layout.gap,
      routines.map((r, i) => ({
        text: `${r.name} (${Math.max(1, Math.round(routineDurationSeconds(r) / 60))} min)`,
        kind: i === 0 ? ('primary' as const) : ('secondary' as const),
        onTap: () =>
          push({ url: PAGES.runner, params: JSON.stringify({ routineId: r.id, trigger: 'manual' }) }),
      })),
    );
    label({ x, y: end, w, h: layout.top, text: '', size: text.small });
  },
});
