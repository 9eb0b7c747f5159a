import { back } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs } from '../../lib/platform/clock.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { t } from '../../lib/i18n/page-t.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, pageEnd } from '../../lib/ui/widgets.js';

Page({
  state: {},
  build() {
    const { loadIdentity, loadSyncStatus, removedAboutText, safetyShort, todayOverview } = core();
    const layout = layoutFor(screenInfo());
    const { text } = layout;
    const block = (y: number, body: string, color: number = COLORS.text, size = text.small) =>
      columnLabel(layout, { y, text: body, size, color }).bottom + layout.gap;
    let y = columnLabel(layout, {
      y: layout.top,
      text: t('about.title'),
      size: text.title,
      minSize: text.body,
      maxLines: 1,
      color: COLORS.accent,
    }).bottom;
    y = block(y, t('about.what'));
    y = block(y, safetyShort('disclaimer'), COLORS.muted);
    y = block(y, safetyShort('stopOnSharpPain'), COLORS.warn);
    y = block(y, safetyShort('seeProfessional'), COLORS.warn);
    const status = loadSyncStatus();
    const deviceLines = `${t('about.device', { id: loadIdentity().deviceId })}\n${t('about.version', { version: '0.1.0' })}`;
    if (status.removedAt !== null && status.paired !== true) {
      for (const paragraph of removedAboutText(status.removedAt, todayOverview(nowMs()).pending))
        y = block(y, paragraph, COLORS.warn);
      y = block(y, deviceLines, COLORS.muted);
    } else {
      const pairing = status.paired ? t('about.paired') : t('about.pairHow');
      y = block(y, `${t('about.sync', { state: pairing })}\n${deviceLines}`, COLORS.muted);
    }
    y = buttonColumn(layout, y, [{ text: t('common.back'), kind: 'secondary', onTap: () => back() }]);
    pageEnd(layout, y);
  },
});
