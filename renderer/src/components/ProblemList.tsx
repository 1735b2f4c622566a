import type { SidedProblem } from '../../../electron/contract.js';

const SIDES: Record<SidedProblem['side'], string> = {
  source: 'Source',
  target: 'Target',
  options: 'Options',
  answers: 'Answers',
  report: 'Report',
  output: 'Output',
};

/** Every problem of an input: which input, file and JSON pointer, and what is wrong. */
export function ProblemList({ problems, label }: { problems: readonly SidedProblem[]; label: string }) {
  return (
    <ul className="problems" aria-label={label}>
      {problems.map((p, i) => (
        <li key={i}>
          <span className="side">{SIDES[p.side]}</span>
          <span className="where">
            {p.file || '(folder)'}
            {p.pointer ? <span>#{p.pointer}</span> : null}
          </span>
          <span className="what">{p.message}</span>
        </li>
      ))}
    </ul>
  );
}
