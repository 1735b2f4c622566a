import { useMemo, useState } from 'react';
import type { Prompt } from '../../../../core/analysis.js';
import { parseEditedValue } from '../../../../core/checkEditedValue.js';
import type { Json } from '../../../../core/json.js';
import { ThreeWayView } from './ThreeWayView.js';
import './editValues.css';

/**
 * Edits a prompt's non-text value as JSON (docs/app.md, "Editing a value"), with the three values
 * above for reference. The text is checked as it is typed, by the same check as the terminal's
 * `edit` (core/checkEditedValue.ts): strict JSON, then the value put in its place in a version and
 * validated like a configuration file. While it does not fit, the problem is shown with its JSON
 * pointer and *Apply* is disabled, saying why.
 */
export function JsonValueEditor({
  prompt,
  start,
  onApply,
  onCancel,
  onChange,
}: {
  prompt: Pick<Prompt, 'id' | 'customized' | 'targetBase' | 'sourceBase' | 'texts'>;
  start: Json | null;
  onApply: (value: Json) => void;
  onCancel: () => void;
  /** Called on every keystroke: the edit is unsaved work until applied (docs/sessions.md). */
  onChange?: () => void;
}) {
  const [text, setText] = useState(() => JSON.stringify(start, null, 2));
  const parsed = useMemo(() => parseEditedValue(prompt, text), [prompt, text]);
  const problem = parsed.ok ? null : parsed.problem;
  const where = problem === null ? '' : problem.pointer === '' ? 'The value' : `At ${problem.pointer}`;
  const inVersion = problem !== null && problem.versionPointer !== '' ? ` (in the version: ${problem.versionPointer})` : '';
  const reason = problem === null ? null : `${where}${inVersion}: ${problem.message}`;
  return (
    <section className="screen fill json-editor-screen" aria-labelledby="edit-title">
      <div className="merge-toolbar">
        <h1 id="edit-title">Edit value</h1>
        <code className="muted" style={{ marginLeft: 10 }}>
          {prompt.id}
        </code>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="btn primary"
          style={{ marginLeft: 8 }}
          disabled={!parsed.ok}
          title={reason === null ? 'Store this value as the answer' : `Apply is disabled: ${reason}`}
          aria-describedby="json-status"
          onClick={() => {
            if (parsed.ok) onApply(parsed.value);
          }}
        >
          Apply
        </button>
      </div>
      <ThreeWayView
        customized={prompt.customized}
        targetBase={prompt.targetBase}
        sourceBase={prompt.sourceBase}
        absentText={{ customized: 'absent in the customized version', targetBase: 'absent in the target base', sourceBase: 'absent in the source base' }}
      />
      <div className={`pane result json-editor${problem ? ' invalid' : ''}`} role="region" aria-label="Result">
        <div className="pane-title">
          Result <span className="muted">JSON, checked as you type</span>
        </div>
        <textarea
          aria-label="Edited value (JSON)"
          aria-invalid={problem !== null}
          aria-describedby="json-status"
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange?.();
          }}
        />
        <div id="json-status" className={`json-status ${problem ? 'invalid' : 'valid'}`} aria-live="polite">
          {problem === null ? (
            'Valid: Apply stores this value as the answer.'
          ) : (
            <>
              <strong>{where}</strong>
              {inVersion ? <code>{inVersion}</code> : null}: {problem.message}
            </>
          )}
        </div>
      </div>
    </section>
  );
}
