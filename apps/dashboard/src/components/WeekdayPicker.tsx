import { weekdayName } from '../format';
import { useT } from '../i18n/i18n';

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
  useT(); // the day names follow the language
  return (
    <fieldset aria-describedby={errorId} aria-invalid={invalid}>
      <legend>{legend}</legend>
      <div className="weekday-picker">
        {order.map((d) => (
          <label key={d}>
            <input
              type="checkbox"
              checked={value.includes(d)}
              aria-label={weekdayName(d, 'long')}
              onChange={(e) =>
                onChange(
                  e.target.checked ? [...value, d].sort((a, b) => a - b) : value.filter((x) => x !== d),
                )
              }
            />
            <span aria-hidden="true">{weekdayName(d)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
