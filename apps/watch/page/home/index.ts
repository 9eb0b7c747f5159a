import { BasePage } from '@zeppos/zml/base-page';
import { push, replace } from '@zos/router';
import { core } from '../../lib/core.js';
import { nowMs } from '../../lib/platform/clock.js';
import { screenInfo } from '../../lib/platform/screen.js';
import { PAGES } from '../../lib/routes.js';
import { syncLine } from '../../lib/ui/format.js';
import { layoutFor } from '../../lib/ui/layout.js';
import { t } from '../../lib/i18n/page-t.js';
import { COLORS } from '../../lib/ui/theme.js';
import { buttonColumn, columnLabel, type FittedText, pageEnd } from '../../lib/ui/widgets.js';

let syncWidget: FittedText | null = null;
let retryTimer: number | null = null;

function todayText(planned: boolean, completed: number): string {
  if (completed > 0) return t('home.today.done', { count: completed });
  return planned ? t('home.today.planned') : t('home.today.rest');
}

Page(
  BasePage({
    state: {},
    build() {
      const {
        applyEvent,
        ensureRecorded,
        isRunning,
        loadSession,
        loadSyncStatus,
        syncAndApply,
        todayOverview,
      } = core();
      const now = nowMs();
      const saved = loadSession();
      // Catch a saved run up to now: one that ended while the app was closed gets recorded here.
      const session = saved ? applyEvent(saved, { type: 'tick', now }).state : null;
      if (session && !isRunning(session)) ensureRecorded(session);
      const overview = todayOverview(now);
      const layout = layoutFor(screenInfo());
      const { text } = layout;

      let y = columnLabel(layout, {
        y: layout.top,
        text: t('app.name'),
        size: text.title,
        maxLines: 1,
        color: COLORS.accent,
      }).bottom;
      y = columnLabel(layout, {
        y,
        text: todayText(overview.planned, overview.completedToday),
        size: text.body,
        minSize: text.small,
        maxLines: 1,
      }).bottom;
      y = columnLabel(layout, {
        y,
        text: t('home.streak', { count: overview.streak }),
        size: text.body,
        minSize: text.small,
        maxLines: 1,
        color: COLORS.muted,
      }).bottom;
      // Sync state on the first screen: "Synced 5 min ago", "3 waiting to sync", "Not paired";
      // a watch removed from the account gets up to three lines saying how to pair again.
      const shownStatus = loadSyncStatus();
      const removed = shownStatus.removedAt !== null && shownStatus.paired !== true;
      const sync = columnLabel(layout, {
        y,
        ...(removed ? { maxLines: 3 } : { h: Math.round(text.small * 1.4) }),
        text: syncLine(shownStatus, overview.pending, now),
        size: text.small,
        color: removed ? COLORS.warn : COLORS.muted,
      });
      syncWidget = sync;
      y = sync.bottom + layout.gap;

      const items: { text: string; onTap: () => void; kind?: 'primary' | 'secondary' }[] = [];
      if (isRunning(session))
        items.push({ text: t('home.resume'), onTap: () => push({ url: PAGES.runner }) });
      items.push(
        {
          text: t('home.start'),
          kind: isRunning(session) ? 'secondary' : 'primary',
          onTap: () =>
            push({ url: PAGES.runner, params: JSON.stringify({ routine: 'planned', trigger: 'manual' }) }),
        },
        {
          text: t('home.quickBreak'),
          kind: 'secondary',
          onTap: () =>
            push({ url: PAGES.runner, params: JSON.stringify({ routine: 'quick', trigger: 'manual' }) }),
        },
        { text: t('home.routines'), kind: 'secondary', onTap: () => push({ url: PAGES.picker }) },
        { text: t('home.history'), kind: 'secondary', onTap: () => push({ url: PAGES.history }) },
        { text: t('home.settings'), kind: 'secondary', onTap: () => push({ url: PAGES.settings }) },
        { text: t('home.about'), kind: 'secondary', onTap: () => push({ url: PAGES.about }) },
      );
      y = buttonColumn(layout, y, items);
      pageEnd(layout, y);

      const attempt = (force: boolean) => {
        syncAndApply(this.request.bind(this), { force, takePhoneSettings: true }).then((outcome) => {
          const nowRemoved = outcome.status.removedAt !== null && outcome.status.paired !== true;
          if (nowRemoved !== removed) {
            // Removed (or paired again) while home was open: the sync line needs another box.
            replace({ url: PAGES.home });
            return;
          }
          if (syncWidget) syncWidget.set(syncLine(outcome.status, todayOverview(nowMs()).pending, nowMs()));
          if (!outcome.ok) {
            // Keep trying while home stays open, spaced out by the core's backoff (also when
            // home opened inside a backoff window: the attempt then waits for its turn).
            const wait = Math.max(1000, outcome.status.nextAttemptAt - nowMs());
            retryTimer = setTimeout(() => attempt(false), wait);
          }
        });
      };
      attempt(false);
    },
    onDestroy() {
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      syncWidget = null;
    },
  }),
);
