/**
 * Generates a large pair of configurations for the scale journeys: `forms` forms, each with a
 * vendor base and a Site customization, a vendor change on every one, a prompt on every 100th,
 * and one form whose script has `scriptLines` lines changed on both sides.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const made = new Set<string>();

function write(file: string, value: unknown): void {
  const dir = path.dirname(file);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function form(name: string, caption: string, binding: string, width: number) {
  const components: Record<string, unknown> = {};
  for (let c = 0; c < 6; c++) {
    components[`Field${c}`] = { type: 'EditBox', binding: c === 0 ? binding : `object.Field${c}`, caption: c === 0 ? caption : `sField${c}`, x: 1, y: c + 1, width };
  }
  return { name, attributes: { caption: name, dataSource: `SL${name}` }, components };
}

function script(lines: number, edit: (i: number) => string | null): string {
  const out: string[] = ['Option Explicit On', 'Sub Main()'];
  for (let i = 0; i < lines; i++) out.push(edit(i) ?? `  ThisForm.Variables("V${i}").Value = "${i}"`);
  out.push('End Sub', '');
  return out.join('\r\n');
}

export function generateLargePair(dir: string, forms: number, scriptLines: number): { source: string; target: string } {
  const source = path.join(dir, 'source');
  const target = path.join(dir, 'target');
  write(path.join(source, 'configuration.json'), { format: 'carryover/1', name: `Large release (${forms} forms)` });
  write(path.join(target, 'configuration.json'), { format: 'carryover/1', name: `Large customer (${forms} forms)` });
  for (let i = 0; i < forms; i++) {
    const name = `Form${String(i).padStart(5, '0')}`;
    write(path.join(target, 'vendor', 'forms', `${name}.json`), form(name, 'sCaption', 'object.Key', 10));
    // The vendor widens every form; every 100th also rebinds a field the customer rebound too.
    write(path.join(source, 'vendor', 'forms', `${name}.json`), form(name, 'sCaption', i % 100 === 0 ? 'object.NewKey' : 'object.Key', 12));
    write(path.join(target, 'site', 'forms', `${name}.json`), form(name, 'Customer caption', i % 100 === 0 ? 'object.MyKey' : 'object.Key', 10));
  }
  const big = (edit: (i: number) => string | null) => ({ name: 'BigScript', attributes: { caption: 'BigScript' }, script: script(scriptLines, edit) });
  write(path.join(target, 'vendor', 'forms', 'BigScript.json'), big(() => null));
  write(path.join(source, 'vendor', 'forms', 'BigScript.json'), big((i) => (i === 100 || i === Math.floor(scriptLines * 0.35) || i === scriptLines - 5 ? `  ThisForm.Variables("V${i}").Value = "vendor ${i}"` : null)));
  write(path.join(target, 'site', 'forms', 'BigScript.json'), big((i) => (i === 100 || i === Math.floor(scriptLines * 0.25) || i === Math.floor(scriptLines * 0.75) ? `  ThisForm.Variables("V${i}").Value = "acme ${i}"` : null)));
  return { source, target };
}
