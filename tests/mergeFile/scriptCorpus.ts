/**
 * A seeded generator of three-way script merges (base, current, other) that look like form
 * scripts: VB-like lines with many repeats (`End If`, `Next`, blank lines), CRLF and LF files
 * and mixes, missing final newlines, whitespace-only edits, identical edits on both sides,
 * delete-vs-modify, edits on adjacent lines, insertions at the same place.
 */

/** One generated merge case. */
export interface MergeCase {
  seed: number;
  base: string;
  current: string;
  other: string;
}

/** mulberry32: a small deterministic PRNG returning numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, items.length)];

const REPEATED = ['End If', 'Next', '', 'End Sub', 'Else', "'", '    End If', '  Next i', 'Exit Sub', '}', 'End Function', '    '];

function freshLine(rand: Rand): string {
  const n = int(rand, 40);
  const k = int(rand, 9);
  const indent = pick(rand, ['', '  ', '    ', '\t']);
  const body = pick(rand, [
    `Dim x${n} As Integer`,
    `x${n} = x${n} + ${k}`,
    `If x${n} > ${k} Then`,
    `For i = 1 To ${k}`,
    `MsgBox "Value ${n}"`,
    `Call Refresh${n}()`,
    `ThisForm.Components("Field${n}").Value = ${k}`,
    `' note ${n}`,
    `Sub Handler${n}()`,
  ]);
  return indent + body;
}

function anyLine(rand: Rand): string {
  return rand() < 0.45 ? pick(rand, REPEATED) : freshLine(rand);
}

function baseLines(rand: Rand, maxBlocks: number): string[] {
  const lines: string[] = [];
  const blocks = 1 + int(rand, maxBlocks);
  for (let b = 0; b < blocks; b++) {
    const shape = int(rand, 4);
    if (shape === 0) {
      lines.push(`Sub Handler${int(rand, 40)}()`);
      for (let i = int(rand, 5); i > 0; i--) lines.push('  ' + freshLine(rand).trimStart());
      lines.push('End Sub', '');
    } else if (shape === 1) {
      lines.push(`If x${int(rand, 40)} > ${int(rand, 9)} Then`);
      for (let i = 1 + int(rand, 3); i > 0; i--) lines.push('    ' + freshLine(rand).trimStart());
      if (rand() < 0.4) lines.push('Else', '    ' + freshLine(rand).trimStart());
      lines.push('End If');
    } else if (shape === 2) {
      lines.push(`For i = 1 To ${int(rand, 9)}`);
      for (let i = 1 + int(rand, 3); i > 0; i--) lines.push('  ' + freshLine(rand).trimStart());
      lines.push('Next');
    } else {
      for (let i = 1 + int(rand, 4); i > 0; i--) lines.push(anyLine(rand));
    }
  }
  return lines;
}

/** One random edit of a line list, in place; returns the line index it touched. */
function edit(rand: Rand, lines: string[], at?: number): number {
  const i = at ?? int(rand, lines.length + 1);
  const op = int(rand, 10);
  if (lines.length === 0 || i >= lines.length || op < 3) {
    const count = 1 + int(rand, 3);
    const inserted = Array.from({ length: count }, () => anyLine(rand));
    lines.splice(Math.min(i, lines.length), 0, ...inserted);
  } else if (op < 5) {
    lines.splice(i, 1 + int(rand, 2));
  } else if (op < 7) {
    lines[i] = freshLine(rand);
  } else if (op < 9) {
    // Whitespace-only edit.
    lines[i] = pick(rand, [lines[i] + ' ', '  ' + lines[i], lines[i].trimStart(), lines[i].replace(/ /g, '\t')]);
  } else {
    lines.splice(i, 1, freshLine(rand), freshLine(rand));
  }
  return i;
}

function join(rand: Rand, lines: readonly string[], eol: 'lf' | 'crlf' | 'mixed', finalNewline: boolean): string {
  let text = '';
  lines.forEach((line, k) => {
    const last = k === lines.length - 1;
    const ending = eol === 'lf' ? '\n' : eol === 'crlf' ? '\r\n' : rand() < 0.5 ? '\n' : '\r\n';
    text += line + (last && !finalNewline ? '' : ending);
  });
  return text;
}

/** Corpus kinds: see {@link generateCase}. */
export type CaseSize = 'small' | 'large' | 'noise' | 'restructured';

/**
 * Generates the merge case for a seed. `small` cases have up to about 60 lines and a few edits
 * per side; `large` ones up to about 4,000 lines and up to a fifth of them edited; `noise` ones
 * up to 3,000 lines drawn from 2 to 31 distinct lines, with up to half of them edited on each
 * side, which drives git's diff into its cost heuristics and its handling of lines with many
 * matches. `restructured` ones are scripts of whole procedures alike in shape (the same
 * `If`/`For` skeleton, `End If`, `Next`, blank lines) where each side adds, removes, moves and
 * edits procedures: the shape in which the Myers and histogram diffs part ways.
 */
export function generateCase(seed: number, size: CaseSize = 'small'): MergeCase {
  const rand = prng(seed);
  if (size === 'noise') return noiseCase(seed, rand);
  if (size === 'restructured') return restructuredCase(seed, rand);
  const base = baseLines(rand, size === 'small' ? 8 : 600);
  const current = [...base];
  const other = [...base];
  const scenario = int(rand, 8);
  const maxEdits = size === 'small' ? 4 : 1 + Math.floor(base.length / (2 + int(rand, 30)));
  const edits1 = int(rand, maxEdits);
  const edits2 = int(rand, maxEdits);
  for (let k = 0; k < edits1; k++) edit(rand, current);
  for (let k = 0; k < edits2; k++) edit(rand, other);
  if (scenario === 1 && base.length > 0) {
    // Adjacent edits.
    const i = int(rand, base.length);
    const j = Math.min(base.length - 1, i + 1);
    current[Math.min(i, current.length - 1)] = freshLine(rand);
    if (j < other.length) other[j] = freshLine(rand);
  } else if (scenario === 2) {
    // Identical edit on both sides.
    const i = int(rand, Math.min(current.length, other.length) + 1);
    const inserted = [anyLine(rand), anyLine(rand)];
    current.splice(i, 0, ...inserted);
    other.splice(i, 0, ...inserted);
  } else if (scenario === 3 && base.length > 0) {
    // Delete vs modify.
    const i = int(rand, Math.min(current.length, other.length));
    if (i < current.length && i < other.length) {
      current.splice(i, 1);
      other[i] = freshLine(rand);
    }
  } else if (scenario === 4) {
    // Insertions at the same place.
    const i = int(rand, Math.min(current.length, other.length) + 1);
    current.splice(i, 0, anyLine(rand));
    other.splice(i, 0, anyLine(rand));
  } else if (scenario === 5) {
    // Same edit plus a different one next to it.
    const i = int(rand, Math.min(current.length, other.length) + 1);
    const line = freshLine(rand);
    current.splice(i, 0, line, freshLine(rand));
    other.splice(i, 0, line);
  }

  const eolBase = pick(rand, ['lf', 'lf', 'crlf'] as const);
  const eolSide = () => (rand() < 0.8 ? eolBase : pick(rand, ['lf', 'crlf', 'mixed'] as const));
  const finalBase = rand() < 0.85;
  const finalSide = () => (rand() < 0.85 ? finalBase : !finalBase);
  return {
    seed,
    base: join(rand, base, eolBase, finalBase),
    current: join(rand, current, eolSide(), finalSide()),
    other: join(rand, other, eolSide(), finalSide()),
  };
}

function noiseCase(seed: number, rand: Rand): MergeCase {
  const distinct = 2 + int(rand, 30);
  const line = () => `l${int(rand, distinct)}\n`;
  const base = Array.from({ length: int(rand, 3000) }, line);
  const mutate = () => {
    const rate = rand() * 0.5;
    const out: string[] = [];
    for (const l of base) {
      const x = rand();
      if (x < rate / 3) continue;
      if (x < (2 * rate) / 3) out.push(line());
      else {
        if (x < rate) out.push(line());
        out.push(l);
      }
    }
    return out.join('');
  };
  return { seed, base: base.join(''), current: mutate(), other: mutate() };
}

/** A procedure of the restructured corpus: one skeleton, names and values varied by `n`. */
function procedure(rand: Rand, n: number): string[] {
  const k = int(rand, 9);
  const lines = [`Sub Handler${n}()`, `  Dim x${n} As Integer`];
  const blocks = 1 + int(rand, 3);
  for (let b = 0; b < blocks; b++) {
    if (rand() < 0.5) lines.push(`  If x${n} > ${k + b} Then`, `    x${n} = x${n} + ${b + 1}`, '  End If');
    else lines.push(`  For i = 1 To ${k + b}`, `    Call Refresh${n}()`, '  Next');
  }
  lines.push('End Sub', '');
  return lines;
}

function restructuredCase(seed: number, rand: Rand): MergeCase {
  const count = 2 + int(rand, 8);
  const base = Array.from({ length: count }, (_, n) => procedure(rand, n));
  let next = count;
  const side = () => {
    const procs = base.map((p) => [...p]);
    const edits = 1 + int(rand, 3);
    for (let e = 0; e < edits && procs.length > 0; e++) {
      const i = int(rand, procs.length);
      switch (int(rand, 5)) {
        case 0:
          procs.splice(i, 1);
          break;
        case 1:
          procs.splice(int(rand, procs.length + 1), 0, procedure(rand, next++));
          break;
        case 2: {
          const [moved] = procs.splice(i, 1);
          procs.splice(int(rand, procs.length + 1), 0, moved);
          break;
        }
        case 3: {
          const p = procs[i];
          const j = 1 + int(rand, p.length - 2);
          p[j] = p[j].replace(/\d+/, (d) => String(Number(d) + 1 + int(rand, 5)));
          break;
        }
        default:
          procs[i] = procedure(rand, next++);
      }
    }
    return procs.flat();
  };
  const text = (lines: string[]) => lines.map((l) => l + '\n').join('');
  return { seed, base: text(base.flat()), current: text(side()), other: text(side()) };
}
