/** A determinate progress bar (indeterminate while the total is unknown), with its accessible value. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const known = total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div
      className={`progress${known ? '' : ' indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? total : undefined}
      aria-valuenow={known ? done : undefined}
      aria-valuetext={known ? `${done} of ${total}` : 'Starting'}
    >
      <div className="bar" style={{ width: `${percent}%` }} />
    </div>
  );
}
