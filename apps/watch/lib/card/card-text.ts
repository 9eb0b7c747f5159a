/** The shortcut card's and the widget's words (English; to become i18n keys). ASCII / Latin-1 only. */
export const CARD_TEXT = {
  title: 'Unknot',
  progress: (done: number, planned: number): string =>
    planned > 0 ? `Today ${Math.min(done, 99)}/${planned}` : done > 0 ? `Today ${done} done` : 'Rest day',
  quickBreak: 'Quick break',
} as const;
