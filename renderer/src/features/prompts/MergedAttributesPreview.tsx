import type { PromptAttributeMerge } from '../../../../core/analysis.js';
import { isJsonObject, keysOf, type Json } from '../../../../core/json.js';
import './editValues.css';

const FROM: Record<PromptAttributeMerge['changes'][number]['from'], { label: string; className: string }> = {
  customized: { label: 'customized', className: 'customized' },
  sourceBase: { label: 'source base', className: 'source-base' },
  both: { label: 'both, alike', className: 'both' },
  'text-merge': { label: 'both, merged line by line', className: 'both' },
};

function shown(value: Json | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What *Merge attributes* gives (docs/app.md, "Prompts"): the merged version's attributes one per
 * row, each attribute a side changed marked with whose change it is, an attribute the merge
 * removes struck through, the others (as in the target base) plain.
 */
export function MergedAttributesPreview({ merge, targetBase, chosen }: { merge: PromptAttributeMerge; targetBase: Json | null; chosen: boolean }) {
  const attributes = isJsonObject(merge.result['attributes']) ? merge.result['attributes'] : {};
  const base = isJsonObject(targetBase) && isJsonObject(targetBase['attributes']) ? targetBase['attributes'] : {};
  const changed = new Map(merge.changes.map((c) => [c.attribute, c.from]));
  const rows = [...keysOf(attributes), ...merge.changes.map((c) => c.attribute).filter((a) => !Object.hasOwn(attributes, a))];
  return (
    <section className={`merged-attributes${chosen ? ' chosen' : ''}`} role="region" aria-label="Merged attributes">
      <div className="merged-attributes-title">
        <strong>Merge attributes</strong>
        <span className="muted">
          {chosen ? 'chosen: ' : 'would give: '}each side&apos;s change kept; {merge.changes.length} attribute{merge.changes.length === 1 ? '' : 's'} changed
        </span>
      </div>
      <table>
        <tbody>
          {rows.map((name) => {
            const from = changed.get(name);
            const removed = !Object.hasOwn(attributes, name);
            return (
              <tr key={name} className={from ? `changed ${FROM[from].className}` : undefined} aria-label={from ? `${name}: changed by ${FROM[from].label}` : `${name}: unchanged`}>
                <th scope="row">{name}</th>
                <td className={removed ? 'removed' : undefined}>{removed ? shown(base[name]) : shown(attributes[name])}</td>
                <td className="from">{from ? <span className={`from-badge ${FROM[from].className}`}>{removed ? `removed by ${FROM[from].label}` : FROM[from].label}</span> : <span className="muted">unchanged</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
