/**
 * The inputs of git's own test of merge-file (t/t6403-merge-file.sh, GPL-2.0), as texts: a
 * psalm in Latin edited in several ways, and two C files where one side replaces a function
 * by a new one and the other edits the function kept.
 */
const lines = (...l: string[]) => l.map((line) => line + '\n').join('');

const psalm = [
  'Dominus regit me,',
  'et nihil mihi deerit.',
  'In loco pascuae ibi me collocavit,',
  'super aquam refectionis educavit me;',
  'animam meam convertit,',
  'deduxit me super semitas jusitiae,',
  'propter nomen suum.',
];
const tail = ['Nam et si ambulavero in medio umbrae mortis,', 'non timebo mala, quoniam tu mecum es:', 'virga tua et baculus tuus ipsa me consolata sunt.'];

export const orig = lines(...psalm);
export const new1 = lines(...psalm, ...tail);
export const new2 = lines('Dominus regit me, et nihil mihi deerit.', ...psalm.slice(2));
export const new3 = lines('DOMINUS regit me,', ...psalm.slice(1));
export const new4 = lines('Dominus regit me, et nihil mihi deerit.', ...psalm.slice(2, 6)) + 'propter nomen suum.';
export const new5 = new1.replace(' tu ', ' TU ');
export const new6 = new5.replace(/deerit\.$/m, 'deerit;').replace(/me;$/m, 'me.');
export const new7 = new5.replace(/deerit\.$/m, 'deerit,').replace(/me;$/m, 'me,');
export const new8 = new6.replace('deerit.', 'deerit.\n\n\n\n').replace('deerit;', 'deerit;\n\n\n\n').replace('locavit,', 'locavit;');
export const new9 = new7.replace('deerit.', 'deerit.\n\n\n\n').replace('deerit,', 'deerit,\n\n\n\n').replace('locavit,', 'locavit --');
/** The merge of `new1` with `orig` → `new3`, which conflicts on the first lines. */
export const backup = new1.replace('Dominus regit me,\net nihil mihi deerit.\n', 'Dominus regit me, et nihil mihi deerit.\n');

export const nolfOrig = 'line1\nline2\nline3';
export const nolfDiff1 = 'line1\nline2\nline3x';
export const nolfDiff2 = 'line1\nline2\nline3y';

const f = ['int f(int x, int y)', '{', '\tif (x == 0)', '\t{', '\t\treturn y;', '\t}', '\treturn x;', '}'];
const g = ['int g(size_t u)', '{', '\twhile (u < 30)', '\t{', '\t\tu++;', '\t}', '\treturn u;', '}'];
const gTheirs = ['int g(size_t u)', '{', '\twhile (u > 34)', '\t{', '\t\tu--;', '\t}', '\treturn u;', '}'];
const h = ['int h(int x, int y, int z)', '{', '\tif (z == 0)', '\t{', '\t\treturn x;', '\t}', '\treturn y;', '}'];

export const baseC = lines(...f, '', ...g);
export const oursC = lines(...g, '', ...h);
export const theirsC = lines(...f, '', ...gTheirs);
/** git's expected merge with the histogram diff (and --diff3): clean. */
export const histogramC = lines(...gTheirs, '', ...h);
/** git's expected merge with the Myers diff, --diff3 and the labels ours.c, base.c, theirs.c: two conflicts. */
export const myersC = lines(
  ...g,
  '',
  'int h(int x, int y, int z)',
  '{',
  '<<<<<<< ours.c',
  '\tif (z == 0)',
  '||||||| base.c',
  '\twhile (u < 30)',
  '=======',
  '\twhile (u > 34)',
  '>>>>>>> theirs.c',
  '\t{',
  '<<<<<<< ours.c',
  '\t\treturn x;',
  '||||||| base.c',
  '\t\tu++;',
  '=======',
  '\t\tu--;',
  '>>>>>>> theirs.c',
  '\t}',
  '\treturn y;',
  '}',
);
