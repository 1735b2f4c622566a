// VB-like form scripts for the benchmark: Subs and Functions over a form's components, with the
// repeated lines real scripts have (`End If`, `Next`, blank lines), CRLF line endings, and edits
// of the kind vendors and customizers make (changed lines, inserted blocks, removed lines).

const TYPES = ['String', 'Integer', 'Decimal', 'Boolean', 'Date', 'Object'];
const METHODS = ['Refresh', 'Save', 'Validate', 'Recalculate', 'Load', 'Clear', 'Post', 'Print'];

function statement(rand, fields, depth) {
  const f = rand.pick(fields);
  const g = rand.pick(fields);
  const n = rand.int(100);
  switch (rand.int(12)) {
    case 0:
      return `Dim s${f} As ${rand.pick(TYPES)}`;
    case 1:
      return `s${f} = ThisForm.Components("${f}").Value`;
    case 2:
      return `ThisForm.Components("${g}").Value = s${f}`;
    case 3:
      return `ThisForm.Variables("v${f}").Value = "${n}"`;
    case 4:
      return `Call ${rand.pick(METHODS)}${f}()`;
    case 5:
      return `ThisForm.Components("${f}").Enabled = ${rand.chance(0.5) ? 'True' : 'False'}`;
    case 6:
      return `' ${rand.pick(['TODO', 'Note:', 'Vendor:', 'See'])} ${f} handling (${n})`;
    case 7:
      return depth < 2 ? null : `Exit Sub`;
    case 8:
      return `ThisForm.PrimaryIDOCollection.SetCurrentObjectProperty("${f}", s${g})`;
    case 9:
      return `iResult = ThisForm.CallGlobalScript("${rand.pick(['CustUtils', 'ValidateCredit', 'PostInvoice', 'FormatAddress'])}", "${f}")`;
    case 10:
      return ``;
    default:
      return `Application.ShowMessage("${f} ${n}")`;
  }
}

function block(rand, fields, depth, out, indent, budget) {
  while (budget.left > 0) {
    const shape = depth >= 3 ? 0 : rand.int(6);
    if (shape <= 2) {
      const s = statement(rand, fields, depth);
      if (s !== null) {
        out.push(s === '' ? '' : indent + s);
        budget.left--;
      }
    } else if (shape === 3) {
      out.push(`${indent}If s${rand.pick(fields)} ${rand.pick(['=', '<>', '>'])} "${rand.int(50)}" Then`);
      budget.left--;
      block(rand, fields, depth + 1, out, indent + '   ', { left: Math.min(budget.left, rand.between(1, 4)) });
      if (rand.chance(0.3)) {
        out.push(`${indent}Else`);
        block(rand, fields, depth + 1, out, indent + '   ', { left: rand.between(1, 2) });
      }
      out.push(`${indent}End If`);
      budget.left -= 2;
    } else if (shape === 4) {
      out.push(`${indent}For i = 0 To ThisForm.PrimaryIDOCollection.GetNumEntries() - 1`);
      block(rand, fields, depth + 1, out, indent + '   ', { left: rand.between(1, 3) });
      out.push(`${indent}Next i`);
      budget.left -= 4;
    } else {
      return;
    }
  }
}

/** A script of about `lines` lines over the given component names, as an array of lines. */
export function scriptLines(rand, fields, lines) {
  const out = ['Option Explicit On', 'Imports System', 'Imports Mongoose.IDO.Protocol', 'Imports Mongoose.Scripting', ''];
  let sub = 0;
  while (out.length < lines) {
    const isFunction = rand.chance(0.25);
    const name = `${rand.pick(['Set', 'Get', 'Check', 'Init', 'Update', 'Handle', 'Compute'])}${rand.pick(fields)}${sub++}`;
    out.push(isFunction ? `Public Function ${name}() As ${rand.pick(TYPES)}` : `Public Sub ${name}()`);
    block(rand, fields, 1, out, '   ', { left: rand.between(4, 20) });
    if (isFunction) out.push(`   ${name} = Nothing`);
    out.push(isFunction ? 'End Function' : 'End Sub', '');
  }
  return out;
}

/** A CRLF script text of about `lines` lines. */
export function scriptText(rand, fields, lines) {
  return scriptLines(rand, fields, lines).join('\r\n') + '\r\n';
}

/**
 * Applies `edits` random edits to the lines (in place): a changed line, an inserted block of
 * 1-6 lines, or 1-3 removed lines, at random places.
 */
export function editLines(rand, lines, fields, edits) {
  for (let e = 0; e < edits; e++) {
    const at = rand.int(Math.max(1, lines.length));
    const kind = rand.int(3);
    if (kind === 0 && lines.length > 0) {
      lines[at] = `   ${statement(rand, fields, 2) ?? 'Exit Sub'} ' changed`;
    } else if (kind === 1) {
      const inserted = [];
      block(rand, fields, 2, inserted, '   ', { left: rand.between(1, 6) });
      lines.splice(at, 0, ...inserted.map((l) => (l === '' ? "   ' inserted" : l)));
    } else if (lines.length > 10) {
      lines.splice(at, rand.between(1, 3));
    }
  }
  return lines;
}

/** `editLines` on a CRLF text. */
export function editScript(rand, text, fields, edits) {
  const lines = text.endsWith('\r\n') ? text.slice(0, -2).split('\r\n') : text.split('\r\n');
  return editLines(rand, lines, fields, edits).join('\r\n') + '\r\n';
}
