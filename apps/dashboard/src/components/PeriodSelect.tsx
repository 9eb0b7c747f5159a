import { useId } from 'react';
import { type MessageKey, useT } from '../i18n/i18n';

// `label`: a catalog key
export const PERIODS = [
  { days: 7, label: 'period.7' },
  { days: 30, label: 'period.30' },
  { days: 90, label: 'period.90' },
  { days: 365, label: 'period.365' },
  { days: null, label: 'period.all' },
] as const;
export type PeriodDays = (typeof PERIODS)[number]['days'];

export function PeriodSelect({
  value,
  onChange,
  options = PERIODS,
}: {
  value: PeriodDays;
  onChange: (days: PeriodDays) => void;
  options?: readonly { days: PeriodDays; label: MessageKey }[];
}) {
  const id = useId();
  const t = useT();
  return (
    <div className="field" style={{ maxWidth: 260 }}>
      <label htmlFor={id}>{t('period.label')}</label>
      <select
        id={id}
        value={value === null ? 'all' : String(value)}
        onChange={(e) => onChange(e.target.value === 'all' ? null : (Number(e.target.value) as PeriodDays))}
      >
        {options.map((p) => (
          <option key={p.label} value={p.days === null ? 'all' : String(p.days)}>
            {t(p.label)}
          </option>
        ))}
      </select>
    </div>
  );
}
