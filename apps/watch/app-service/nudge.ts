/**
 * The nudge service. Woken by `@zos/alarm` exactly when the core's `decideNudge` asked to be
 * woken (never a per-minute poll): reads the step counter, lets the core decide, shows the nudge
 * as a notification plus a buzz that opens the nudge page, and books the next wake-up.
 */
import { exit } from '@zos/app-service';
import { notify } from '@zos/notification';
import { Step } from '@zos/sensor';
import { tipFor } from '@unknot/stretch-model';
import { runNudgeCheck } from '../lib/nudge/nudge-check.js';
import { cancelNudgeWake, PROVISIONAL_WAKE_MS, scheduleNudgeWake } from '../lib/nudge/nudge-schedule.js';
import { playHaptic } from '../lib/platform/haptics.js';
import { nowMs } from '../lib/platform/clock.js';
import { getLogger } from '../lib/platform/log.js';
import { t } from '../lib/i18n/t.js';

function wake(): void {
  const now = nowMs();
  // The next wake-up is booked before anything that can fail; the decision below moves it.
  scheduleNudgeWake(now + PROVISIONAL_WAKE_MS);
  const steps = new Step().getCurrent();
  const { decision } = runNudgeCheck(now, steps, (nudgeId, d) => {
    const tip = tipFor('onNudge', now);
    notify({
      title: t('notify.title'),
      content: t('notify.content', {
        still: t('notify.still', { minutes: d.stillMinutes }),
        tip: t(`tip.${tip.id}.text`),
      }),
      actions: [
        {
          text: t('notify.stretchNow'),
          file: 'page/nudge/index',
          param: JSON.stringify({ nudgeId, action: 'open' }),
        },
      ],
    });
    playHaptic('nudge');
  });
  // Nudges off: nothing to wake for (a change of the setting runs the service again).
  if (decision.reason === 'disabled') cancelNudgeWake();
  else scheduleNudgeWake(decision.nextCheckAt);
  // The logger is made last: no system call comes before the first alarm is booked.
  getLogger('nudge-service').info(
    `decision ${decision.reason}, next ${new Date(decision.nextCheckAt).toISOString()}`,
  );
}

AppService({
  onInit() {
    try {
      wake();
    } finally {
      // A single run has 600 ms; leaving at once also frees the slot when wake() threw.
      exit();
    }
  },
  onDestroy() {},
});
