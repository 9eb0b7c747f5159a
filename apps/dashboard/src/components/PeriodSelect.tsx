import { useId } from 'react';

export const PERIODS = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
  { days: null, label: 'All time' },
] as const;
export type PeriodDays = (typeof PERIODS)[number]['days'];

export function PeriodSelect({
  value,
  onChange,
  options = PERIODS,
}: {
  value: PeriodDays;
  onChange: (days: PeriodDays) => void;
  options?: readonly { days: PeriodDays; label: string }[];
}) {
  const id = useId();
  return (
    <div className="field" style={{ maxWidth: 260 }}>
      <label htmlFor={id}>Period</label>
      <select
        id={id}
        value={value === null ? 'all' : String(value)}
        onChange={(e) => onChange(e.target.value === 'all' ? null : (Number(e.target.value) as PeriodDays))}
      >
        {options.map((p) => (
          <option key={p.label} value={p.days === null ? 'all' : String(p.days)}>
            {p.label}
          </option>
        ))}
      </select>
    </div>
  );
}
