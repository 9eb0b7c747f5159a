import { back } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs } from '../../lib/platform/clock.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

Page({
  state: {},
  build() {
    const { SAFETY, loadIdentity, loadSyncStatus, removedText, todayOverview } = core();
    const layout = layoutFor(screenInfo());
    const { text } = layout;
    const block = (y: number, body: string, color: number = COLORS.text, size = text.small) =>
      columnLabel(layout, { y, text: body, size, color }).bottom + layout.gap;
    let y = columnLabel(layout, {
      y: layout.top,
      text: 'About Unknot',
      size: text.title,
      minSize: text.body,
      maxLines: 1,
      color: COLORS.accent,
    }).bottom;
    y = block(y, 'Short guided stretches for a stiff back, and a gentle buzz after long still spells.');
    y = block(y, SAFETY.disclaimer.short, COLORS.muted);
    y = block(y, SAFETY.stopOnSharpPain.short, COLORS.warn);
    y = block(y, SAFETY.seeProfessional.short, COLORS.warn);
    const status = loadSyncStatus();
    if (status.removedAt !== null && status.paired !== true) {
      y = block(y, removedText.about(status.removedAt, todayOverview(nowMs()).pending), COLORS.warn);
      y = block(y, `Device ${loadIdentity().deviceId}\nVersion 0.1.0`, COLORS.muted);
    } else {
      const pairing = status.paired ? 'Paired' : 'Pair in the Zepp app: Unknot > Settings';
      y = block(y, `Sync: ${pairing}\nDevice ${loadIdentity().deviceId}\nVersion 0.1.0`, COLORS.muted);
    }
    y = buttonColumn(layout, y, [{ text: 'Back', kind: 'secondary', onTap: () => back() }]);
    pageEnd(layout, y);
  },
});
