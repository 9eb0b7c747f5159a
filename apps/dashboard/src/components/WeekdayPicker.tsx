import { WEEKDAY_NAMES, WEEKDAY_SHORT } from '../format';

/** Monday-first weekday checkboxes; values are 0 = Sunday … 6 = Saturday as the core stores them. */
export function WeekdayPicker({
  legend,
  value,
  onChange,
  errorId,
  invalid,
}: {
  legend: string;
  value: readonly number[];
  onChange: (days: number[]) => void;
  errorId?: string;
  invalid?: boolean;
}) {
  const order = [1, 2, 3, 4, 5, 6, 0];
  return (
    <fieldset aria-describedby={errorId} aria-invalid={invalid}>
      <legend>{legend}</legend>
      <div className="weekday-picker">
        {order.map((d) => (
          <label key={d}>
            <input
              type="checkbox"
              checked={value.includes(d)}
              aria-label={WEEKDAY_NAMES[d]}
              onChange={(e) =>
                onChange(
                  e.target.checked ? [...value, d].sort((a, b) => a - b) : value.filter((x) => x !== d),
                )
              }
            />
            <span aria-hidden="true">{WEEKDAY_SHORT[d]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
