import type { OutputPlan } from '../analysis.js';
import { documentsStrictlyEqual } from '../equivalence.js';
import type { Json, JsonObject } from '../json.js';
import { isJsonObject } from '../json.js';
import type { Configuration, ScopeId, VersionFile } from '../model.js';
import { versionId } from '../model.js';
import { compareStrings } from '../problems.js';
import type { MergeContext } from './MergeContext.js';

type Index = Map<ScopeId, Map<string, VersionFile>>;

const EXPLORER = { kind: 'explorer' } as const;

/**
 * Processes the Explorer at base level vendor (docs/merge-behaviour.md, "Explorer and runtime changes"): replaces the
 * Master Explorer, keeps or removes Public folders and My Folders, and verifies the links of
 * every explorer file of the result.
 */
export function processExplorer(
  ctx: MergeContext,
  plan: OutputPlan,
  source: Configuration,
  target: Configuration,
  sourceIndex: Index,
  targetIndex: Index,
): void {
  const options = ctx.options.explorer;
  if (options.update) {
    const t = targetIndex.get('vendor')?.get('explorer');
    const s = sourceIndex.get('vendor')?.get('explorer');
    const id = versionId(EXPLORER, 'vendor');
    if (s) {
      plan.set(s.path, { kind: 'source' });
      if (!t) ctx.decide(id, 'added', "the Source's Master Explorer added", {});
      else if (!documentsStrictlyEqual(t.doc, s.doc)) ctx.decide(id, 'replaced-base', "the Source's Master Explorer replaces the Target's", {});
    } else if (t) {
      ctx.warn('source-explorer-missing', "the Source has no Master Explorer (vendor/explorer.json); the Target's is kept", 'vendor/explorer.json', id);
      ctx.decide(id, 'kept-base', "the Source has no Master Explorer; the Target's is kept", {});
    }
    for (const [scope, files] of [...targetIndex.entries()].sort(([a], [b]) => compareStrings(a, b))) {
      const file = files.get('explorer');
      if (!file || scope === 'vendor') continue;
      const fid = versionId(EXPLORER, scope);
      const what = scope === 'site' ? 'Public folders' : `My Folders of ${scope.slice('user:'.length)}`;
      if (options.keepCustomizations) {
        ctx.decide(fid, 'kept-customization', `${what} kept (explorer.keepCustomizations)`, {});
      } else {
        plan.delete(file.path);
        ctx.decide(fid, 'removed', `${what} deleted (explorer.keepCustomizations is false)`, { customized: file.doc });
      }
    }
  }
  if (options.verifyLinks) verifyLinks(ctx, plan, source, target);
}

/**
 * Warns about every link to a form that exists at no scope of the result, and about a form
 * linked twice in one folder. The All Forms folder is derived, never stored.
 */
function verifyLinks(ctx: MergeContext, plan: OutputPlan, source: Configuration, target: Configuration): void {
  const forms = new Set<string>();
  const explorers: { path: string; doc: JsonObject }[] = [];
  for (const [path, output] of plan) {
    const form = /^(?:vendor|site|groups\/[^/]+|users\/[^/]+)\/forms\/(.+)\.json$/.exec(path);
    if (form) forms.add(form[1]);
    if (!path.endsWith('explorer.json')) continue;
    const doc =
      output.kind === 'write' ? output.doc : output.kind === 'source' ? source.files.get(path)?.doc : target.files.get(path)?.doc;
    if (doc) explorers.push({ path, doc });
  }
  explorers.sort((a, b) => compareStrings(a.path, b.path));
  for (const { path, doc } of explorers) {
    const scope = path === 'vendor/explorer.json' ? 'vendor' : path === 'site/explorer.json' ? 'site' : `user:${path.split('/')[1]}`;
    walk(doc['folders'], '', (folderPath, items) => {
      const seen = new Set<string>();
      for (const item of items) {
        if (!isJsonObject(item) || typeof item['form'] !== 'string') continue;
        const form = item['form'];
        if (!forms.has(form)) {
          ctx.warn('broken-link', `the link to form ${form} in folder ${folderPath} of ${path} points to a form that exists at no scope of the result`, path, versionId(EXPLORER, scope as ScopeId));
        }
        if (seen.has(form)) {
          ctx.warn('duplicate-link', `form ${form} is linked twice in folder ${folderPath} of ${path}`, path, versionId(EXPLORER, scope as ScopeId));
        }
        seen.add(form);
      }
    });
  }
}

function walk(folders: Json | undefined, parent: string, visit: (folderPath: string, items: Json[]) => void): void {
  if (!Array.isArray(folders)) return;
  for (const folder of folders) {
    if (!isJsonObject(folder) || typeof folder['name'] !== 'string') continue;
    const folderPath = parent ? `${parent}/${folder['name']}` : folder['name'];
    const items = Array.isArray(folder['items']) ? folder['items'] : [];
    visit(folderPath, items);
    walk(items, folderPath, visit);
  }
}
