/** A 0–100 progress bar; a native <meter> for assistive tech, drawn with plain CSS. */
export function Meter({ label, percent }: { label: string; percent: number }) {
  const value = Math.max(0, Math.min(100, percent));
  return (
    <div className="meter">
      <meter className="visually-hidden" aria-label={label} min={0} max={100} value={value} />
      <span style={{ width: `${value}%` }} aria-hidden="true" />
    </div>
  );
}
