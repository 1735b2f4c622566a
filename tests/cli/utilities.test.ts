import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UtilityIo } from '../../core/node/utilitiesCommands.js';
import { runRemove } from '../../core/node/utilitiesCommands.js';
import { cli } from './runCli.js';

const repo = join(import.meta.dirname, '..', '..');
const sample = join(repo, 'fixtures', 'sample');
let work: string;
let count = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'carryover-utilities-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh copy of the sample's Target (or another folder) in the work folder. */
async function copyOf(from = join(sample, 'target')): Promise<string> {
  const dir = join(work, `config-${++count}`);
  await cp(from, dir, { recursive: true });
  return dir;
}

/** Every file under a folder with its bytes, keyed by relative path. */
async function tree(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      result[full.slice(dir.length + 1)] = await readFile(full, 'latin1');
    }
  }
  return result;
}

async function protect(dir: string): Promise<void> {
  const file = join(dir, 'configuration.json');
  const meta = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify({ ...meta, protected: true }, null, 2) + '\n');
}

describe('carryover list', () => {
  it('lists the chosen customized versions as CSV with their change counts', async () => {
    const r = await cli(['list', '--config', join(sample, 'target'), '--format', 'csv', '--scope', 'user', '--name', 'cust%']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\r\n')).toEqual([
      'id,kind,type,name,scopeType,scopeName,file,base,attributes,components,eventHandlers,variables,scriptLines',
      'form:CustomerLetters@user:B_Smith,form,,CustomerLetters,user,B_Smith,users/B_Smith/forms/CustomerLetters.json,vendor/forms/CustomerLetters.json,0,1,0,0,0',
      'form:Customers@user:B_Smith,form,,Customers,user,B_Smith,users/B_Smith/forms/Customers.json,vendor/forms/Customers.json,0,4,1,0,0',
      'form:Customers@user:C_Jones,form,,Customers,user,C_Jones,users/C_Jones/forms/Customers.json,vendor/forms/Customers.json,0,4,1,0,0',
      '',
    ]);
  });

  it('lists as JSON and as text, the same versions', async () => {
    const json = await cli(['list', '--config', join(sample, 'target'), '--format', 'json', '--kind', 'global']);
    const parsed = JSON.parse(json.stdout) as { format: string; customizations: { id: string }[] };
    expect(parsed.format).toBe('carryover-list/1');
    const text = await cli(['list', '--config', join(sample, 'target'), '--kind', 'global']);
    expect(text.stdout).toContain(`${parsed.customizations.length} customized versions`);
    for (const row of parsed.customizations) expect(text.stdout).toContain(row.id);
  });

  it('refuses bad filters with exit 2, naming each problem', async () => {
    const r = await cli(['list', '--config', join(sample, 'target'), '--name', 'Cust*', '--scope', 'vendor']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--name: the name filter \"Cust*\" contains '*' (the only wildcard is %)");
    expect(r.stderr).toContain('--scope must be one of site, group, user (got "vendor")');
  });

  it('reads names from --name-file and says where a bad line is', async () => {
    const names = join(work, 'names.txt');
    await writeFile(names, '# the forms to carry\nItems\nbad name\n');
    const r = await cli(['list', '--config', join(sample, 'target'), '--name-file', names]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${names}:3: `);
    await writeFile(names, 'Items\n');
    const ok = await cli(['list', '--config', join(sample, 'target'), '--name-file', names]);
    expect(ok.stdout).toContain('form:Items@site');
    expect(ok.stdout).toContain('2 customized versions');
  });

  it('says "nothing matched" and exits 0 for an empty selection', async () => {
    const r = await cli(['list', '--config', join(sample, 'target'), '--name', 'NoSuchForm%']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'carryover: nothing matched\n' });
  });

  it('exits 3 on an invalid configuration, naming the file and pointer', async () => {
    const dir = await copyOf();
    await writeFile(join(dir, 'site', 'forms', 'Items.json'), '{"name": "Items", "attributes": []}');
    const r = await cli(['list', '--config', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('site/forms/Items.json#/attributes');
  });
});

describe('carryover check', () => {
  it('lists the findings of the sample Target and exits 0', async () => {
    const r = await cli(['check', '--config', join(sample, 'target')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('broken-link: site/explorer.json: the link to form ue_OldCreditReport');
    expect(r.stdout).toContain('base-missing: site/forms/CustCreditReview.json');
    expect(r.stdout).toMatch(/\n7 findings\n$/);
  });

  it('reports conflict markers left in a script, as JSON', async () => {
    const dir = await copyOf();
    const file = join(dir, 'site', 'globals', 'scripts', 'CustUtils.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { attributes: { code: string } };
    doc.attributes.code += '<<<<<<< customized\nx\n=======\ny\n>>>>>>> source\n';
    await writeFile(file, JSON.stringify(doc));
    const r = await cli(['check', '--config', dir, '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { code: string; file: string }[] }).findings;
    expect(findings).toContainEqual(expect.objectContaining({ code: 'conflict-markers', file: 'site/globals/scripts/CustUtils.json' }));
  });

  it('exits 3 on invalid input', async () => {
    const r = await cli(['check', '--config', join(work, 'missing')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the configuration folder does not exist');
  });
});

describe('carryover copy', () => {
  it('copies a customized version into another configuration, never its base, and asks before replacing', async () => {
    const to = await copyOf();
    await rm(join(to, 'site', 'forms', 'Items.json'));
    await writeFile(join(to, 'site', 'forms', 'Customers.json'), JSON.stringify({ name: 'Customers', attributes: { caption: 'Theirs' } }));
    const before = await tree(to);
    const out = join(work, 'copy-out-1');
    const args = ['copy', '--from', join(sample, 'target'), '--to', to, '--scope', 'site', '--name', 'Items', '--name', 'Customers'];

    const unanswered = await cli([...args, '--out', out]);
    expect(unanswered.code).toBe(4);
    expect(unanswered.stderr).toContain('carryover: unanswered: form:Customers@site');
    expect(existsSync(out)).toBe(false);

    const kept = await cli([...args, '--out', out, '--answer', 'keep']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('copied: form:Items@site');
    expect(kept.stdout).toContain("kept the destination's: form:Customers@site");
    const written = await tree(out);
    expect(written['site/forms/Items.json']).toBe(await readFile(join(sample, 'target', 'site', 'forms', 'Items.json'), 'latin1'));
    expect(written['site/forms/Customers.json']).toBe(before['site/forms/Customers.json']);
    expect(await tree(to)).toEqual(before);
  });

  it('says "nothing matched" and exits 0 for an empty selection, and refuses bad filters with exit 2', async () => {
    const to = await copyOf();
    const none = await cli(['copy', '--from', join(sample, 'target'), '--to', to, '--name', 'Zz%', '--in-place']);
    expect(none).toEqual({ code: 0, stdout: 'nothing matched\n', stderr: '' });
    const bad = await cli(['copy', '--from', join(sample, 'target'), '--to', to, '--kind', 'forms', '--in-place']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind must be one of form, global, explorer');
  });

  it('refuses to replace versions of a protected destination without --allow-destructive, and rolls back after an in-place copy', async () => {
    const to = await copyOf();
    await writeFile(join(to, 'site', 'forms', 'Items.json'), JSON.stringify({ name: 'Items', attributes: { caption: 'Theirs' } }));
    await protect(to);
    const before = await tree(to);
    const args = ['copy', '--from', join(sample, 'target'), '--to', to, '--name', 'Items', '--scope', 'site', '--in-place', '--answer', 'replace'];
    const refused = await cli(args);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('protected Target');
    expect(await tree(to)).toEqual(before);

    const allowed = await cli([...args, '--allow-destructive']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('replaced: form:Items@site');
    expect(await readFile(join(to, 'site', 'forms', 'Items.json'), 'latin1')).toBe(await readFile(join(sample, 'target', 'site', 'forms', 'Items.json'), 'latin1'));
    const back = await cli(['rollback', '--target', to]);
    expect(back.code, back.stderr).toBe(0);
    const restored = await tree(to);
    delete restored['.carryover/last-sync.json'];
    expect(restored).toEqual(before);
  });
});

describe('carryover remove', () => {
  it('lists the versions and, without a terminal, needs --yes (exit 2, nothing written)', async () => {
    const dir = await copyOf();
    const before = await tree(dir);
    const r = await cli(['remove', '--config', dir, '--scope', 'user', '--scope-name', 'B_%', '--in-place']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('remove: users/B_Smith/forms/Customers.json');
    expect(r.stderr).toContain('pass --yes');
    expect(await tree(dir)).toEqual(before);
  });

  it('deletes the chosen versions in place with a backup, and nothing else', async () => {
    const dir = await copyOf();
    const before = await tree(dir);
    const r = await cli(['remove', '--config', dir, '--scope', 'user', '--scope-name', 'B_%', '--kind', 'form', '--in-place', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 customized versions removed');
    const after = await tree(dir);
    const gone = Object.keys(before).filter((f) => !(f in after));
    expect(gone.sort()).toEqual(['users/B_Smith/forms/CustomerLetters.json', 'users/B_Smith/forms/Customers.json', 'users/B_Smith/forms/ue_SalesDashboard.json']);
    for (const [file, bytes] of Object.entries(before)) if (!gone.includes(file)) expect(after[file], file).toBe(bytes);
  });

  it('asks once on a terminal, and removes nothing when the answer is no', async () => {
    const dir = await copyOf();
    const before = await tree(dir);
    const questions: string[] = [];
    let stdout = '';
    const io: UtilityIo = { stdout: (s) => void (stdout += s), stderr: () => undefined, interactive: true, confirm: async (q) => (questions.push(q), false) };
    const code = await runRemove({ config: dir, inPlace: true, yes: false, allowDestructive: false, name: ['Items'] }, io);
    expect(code).toBe(0);
    expect(questions).toEqual(['Remove 2 customized versions? [y/N] ']);
    expect(stdout).toContain('nothing was removed');
    expect(await tree(dir)).toEqual(before);
  });

  it('refuses on a protected Target without --allow-destructive (exit 3), and says "nothing matched" for an empty selection', async () => {
    const dir = await copyOf();
    await protect(dir);
    const refused = await cli(['remove', '--config', dir, '--name', 'Items', '--out', join(work, 'remove-out'), '--yes']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('protected Target');
    expect(existsSync(join(work, 'remove-out'))).toBe(false);
    const allowed = await cli(['remove', '--config', dir, '--name', 'Items', '--out', join(work, 'remove-out'), '--yes', '--allow-destructive']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(existsSync(join(work, 'remove-out', 'site', 'forms', 'Items.json'))).toBe(false);
    expect(existsSync(join(work, 'remove-out', 'vendor', 'forms', 'Items.json'))).toBe(true);
    const none = await cli(['remove', '--config', dir, '--name', 'Zz%', '--in-place', '--yes']);
    expect(none).toEqual({ code: 0, stdout: 'nothing matched\n', stderr: '' });
  });
});

describe('carryover undo', () => {
  async function syncedInPlace(): Promise<string> {
    const target = await copyOf();
    const r = await cli(['sync', '--source', join(sample, 'source'), '--target', target, '--options', join(sample, 'options.json'), '--answers', join(sample, 'answers.json'), '--in-place']);
    expect(r.code, r.stderr).toBe(0);
    return target;
  }
  const items = (dir: string) => readFile(join(dir, 'site', 'forms', 'Items.json'), 'utf8').then((t) => JSON.parse(t) as { components: Record<string, Record<string, unknown>> });

  it('puts back one decision from the backup, leaves the others, records the undo, and a rollback undoes the undo', async () => {
    const target = await syncedInPlace();
    const synced = await items(target);
    expect(synced.components['Description'].width).toBe(50);
    const r = await cli(['undo', '--target', target, '--decision', 'form:Items@site/components/Description/width']);
    expect(r.code, r.stderr).toBe(0);
    const undone = await items(target);
    const original = JSON.parse(await readFile(join(sample, 'target', 'site', 'forms', 'Items.json'), 'utf8')) as { components: Record<string, Record<string, unknown>> };
    expect(undone.components['Description'].width).toBe(original.components['Description'].width);
    // Every other decision stays: only that one value differs from the synchronized version.
    expect({ ...undone, components: { ...undone.components, Description: synced.components['Description'] } }).toEqual(synced);
    const record = JSON.parse(await readFile(join(target, '.carryover', 'last-commit.json'), 'utf8')) as { undone: { id: string }[] };
    expect(record.undone.map((u) => u.id)).toEqual(['form:Items@site/components/Description/width']);

    const again = await cli(['undo', '--target', target, '--decision', 'form:Items@site/components/Description/width']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already undone');

    const back = await cli(['rollback', '--target', target]);
    expect(back.code, back.stderr).toBe(0);
    expect(await items(target)).toEqual(synced);
  });

  it('refuses a decision whose thing was changed again since, with the reason, and writes nothing', async () => {
    const target = await syncedInPlace();
    const file = join(target, 'site', 'forms', 'Items.json');
    const doc = await items(target);
    doc.components['Description'].width = 60;
    await writeFile(file, JSON.stringify(doc, null, 2) + '\n');
    const before = await tree(target);
    const r = await cli(['undo', '--target', target, '--decision', 'form:Items@site/components/Description/width']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('was changed again since the commit');
    const whole = await cli(['undo', '--target', target, '--decision', 'form:Items@site']);
    expect(whole.code).toBe(2);
    expect(await tree(target)).toEqual(before);
  });

  it('restores a whole global object byte for byte, and refuses an unknown decision or a Target never synchronized in place', async () => {
    const target = await syncedInPlace();
    const r = await cli(['undo', '--target', target, '--decision', 'global:scripts/CustUtils@site']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(target, 'site', 'globals', 'scripts', 'CustUtils.json'), 'latin1')).toBe(await readFile(join(sample, 'target', 'site', 'globals', 'scripts', 'CustUtils.json'), 'latin1'));
    const unknown = await cli(['undo', '--target', target, '--decision', 'form:Nope@site']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('made no decision form:Nope@site');
    const never = await cli(['undo', '--target', await copyOf(), '--decision', 'form:Items@site']);
    expect(never.code).toBe(2);
    expect(never.stderr).toContain('records no in-place commit');
  });
});
