// A small pair of configurations for the app's script merge editor: one form whose script has
// `lines` lines, changed by the vendor and by a Site customization in many places, with one
// overlapping edit, so that the prompt `form:BigScript@site/script` opens with one conflict.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function write(file, value) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function script(lines, edit) {
  const out = ['Option Explicit On', 'Sub Main()'];
  for (let i = 0; i < lines; i++) out.push(edit(i) ?? `   ThisForm.Variables("V${i}").Value = "${i}"`);
  out.push('End Sub', '');
  return out.join('\r\n');
}

function form(text) {
  return {
    name: 'BigScript',
    attributes: { caption: 'fBigScript', dataSource: 'SLBigScript' },
    script: text,
    components: { CustNum: { type: 'EditBox', binding: 'object.CustNum', caption: 'sCustomer', x: 1, y: 1, width: 12, height: 1 } },
  };
}

/** Writes `dir/source` and `dir/target`; returns their paths. */
export function generateScriptPair(dir, lines) {
  const source = path.join(dir, 'source');
  const target = path.join(dir, 'target');
  const every = Math.max(2, Math.floor(lines / 50));
  const conflictAt = Math.floor(lines / 2);
  write(path.join(source, 'configuration.json'), { format: 'carryover/1', name: 'Script release' });
  write(path.join(target, 'configuration.json'), { format: 'carryover/1', name: 'Script customer' });
  write(path.join(target, 'vendor', 'forms', 'BigScript.json'), form(script(lines, () => null)));
  // The vendor edits every `every`th line; the customizer the ones in between, and the middle one too.
  write(path.join(source, 'vendor', 'forms', 'BigScript.json'), form(script(lines, (i) => (i % every === 0 || i === conflictAt ? `   ' vendor ${i}` : null))));
  write(path.join(target, 'site', 'forms', 'BigScript.json'), form(script(lines, (i) => (i % every === Math.floor(every / 2) || i === conflictAt ? `   ' acme ${i}` : null))));
  return { source, target };
}
