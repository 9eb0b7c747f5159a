import { BaseApp } from '@zeppos/zml/base-app';
import { core } from './lib/app-core.js';
import { ensureNudgeScheduled } from './lib/nudge/nudge-schedule.js';
import { nowMs } from './lib/platform/clock.js';
import { ensureRoutineReminder } from './lib/reminder/routine-alarm.js';
import { platformTextWidth } from './lib/platform/text-layout.js';
import { useTextMeasure } from './lib/ui/text-fit.js';

// Labels are fitted by the firmware's own text measure where it has one.
useTextMeasure(platformTextWidth());

App(
  BaseApp({
    // ZML fills `messaging` in its own onCreate; zml.d.ts requires the key up front.
    // `core` is the shared engine/catalog/sync code pages reach through `lib/core.ts`.
    globalData: { messaging: null, core },
    onCreate() {
      // The nudge service books its own wake-ups; this only repairs a lost or past one.
      ensureNudgeScheduled(nowMs());
      // Also when the routine reminder's alarm opened the app: book the next one.
      ensureRoutineReminder(nowMs());
    },
    onDestroy() {},
  }),
);
