/**
 * The back end of the Utilities screen and of "Undo this decision" (docs/utilities.md): plain
 * functions of the session and the request, calling the same core functions as the CLI.
 */
import type { OutputPlan } from '../../core/analysis.js';
import type { Configuration } from '../../core/model.js';
import { checkConfiguration } from '../../core/utilities/checkConfiguration.js';
import { parseCustomizationFilter, selectCustomizations, type CustomizationFilter } from '../../core/utilities/customizationFilter.js';
import { listCustomizations } from '../../core/utilities/listCustomizations.js';
import { planCopy } from '../../core/utilities/planCopy.js';
import { commitInPlace } from '../../core/node/commitInPlace.js';
import { loadConfiguration } from '../../core/node/loadConfiguration.js';
import { undoDecision, UndoRefused } from '../../core/node/utilitiesCommands.js';
import type { ApiError, RequestOf, ResponseOf, UtilityFilter, UtilitySide } from '../contract.js';
import type { Session } from './session.js';

type UtilityChannel = 'utilities:list' | 'utilities:check' | 'utilities:copy' | 'utilities:remove' | 'commit:undo';
type Fail = (code: ApiError['code'], message: string) => never;

/** The handlers of the utilities' channels; `fail` throws the API error (handlers.ts). */
export function utilityHandlers(fail: Fail): { [C in UtilityChannel]: (session: Session, request: RequestOf<C>) => Promise<ResponseOf<C>> } {
  const pairOf = (session: Session) => session.pair ?? fail('no-configurations', 'Open a Source and a Target first.');
  const filterOf = (filter: UtilityFilter): CustomizationFilter => {
    const list = (text: string) => (text.trim() === '' ? [] : [text.trim()]);
    const parsed = parseCustomizationFilter({ kind: list(filter.kind), type: list(filter.type), name: list(filter.name), scope: list(filter.scope), scopeName: list(filter.scopeName) });
    if (!parsed.ok) fail('invalid-request', parsed.problems.join('; '));
    return parsed.filter;
  };
  // Always read from disk: a commit, a copy or a remove may have changed the folder since it was opened.
  const load = async (root: string): Promise<Configuration> => {
    const result = await loadConfiguration(root);
    if (!result.ok) fail('invalid-configuration', `${root} is not a valid configuration (${result.problems.length} problem(s)); run Configurations again to see them.`);
    return result.configuration;
  };
  const rootOf = (session: Session, side: UtilitySide) => (side === 'source' ? pairOf(session).sourceRoot : pairOf(session).targetRoot);
  const idle = (session: Session) => {
    if (session.jobs.running()) fail('busy', 'An operation is already running.');
  };

  return {
    'utilities:list': async (session, { side, filter }) => {
      const root = rootOf(session, side);
      return { root, rows: listCustomizations(await load(root), filterOf(filter)) };
    },
    'utilities:check': async (session, { side }) => {
      const root = rootOf(session, side);
      return { root, findings: checkConfiguration(await load(root)) };
    },
    'utilities:copy': async (session, { filter, answers, allowDestructive }) => {
      idle(session);
      const pair = pairOf(session);
      const chosen = filterOf(filter);
      const [from, to] = await Promise.all([load(pair.sourceRoot), load(pair.targetRoot)]);
      const copy = planCopy({ from, to, filter: chosen, answers: new Map(Object.entries(answers)) });
      const open = copy.items.filter((item) => item.action === 'unanswered').map((item) => item.id);
      const warnings = copy.warnings.filter((w) => w.code !== 'unknown-answer-id');
      if (copy.problems.length > 0) fail('invalid-request', copy.problems.map((p) => `${p.file}: ${p.message}`).join('; '));
      const copies = copy.items.some((item) => item.action === 'copied' || item.action === 'replaced');
      if (copy.plan === null || !copies) return { items: copy.items, warnings, open, backupDir: null };
      if (to.meta.protected === true && !allowDestructive && copy.items.some((item) => item.action === 'replaced')) {
        fail('refused-options', 'The Target is protected: replacing its customized versions needs "Allow destructive changes".');
      }
      const result = await commitInPlace({ plan: copy.plan, sourceRoot: pair.sourceRoot, targetRoot: pair.targetRoot });
      session.allow('backup', result.backupDir);
      session.dropPreview();
      return { items: copy.items, warnings, open, backupDir: result.backupDir };
    },
    'utilities:remove': async (session, { filter, confirmed, allowDestructive }) => {
      idle(session);
      const pair = pairOf(session);
      const target = await load(pair.targetRoot);
      const chosen = selectCustomizations(target, filterOf(filter));
      const files = chosen.map((v) => v.path);
      if (!confirmed || files.length === 0) return { files, backupDir: null };
      if (target.meta.protected === true && !allowDestructive) fail('refused-options', 'The Target is protected: removing customized versions needs "Allow destructive changes".');
      const removed = new Set(files);
      const plan: OutputPlan = new Map([['configuration.json', { kind: 'target' }]]);
      for (const file of target.files.keys()) if (!removed.has(file)) plan.set(file, { kind: 'target' });
      const result = await commitInPlace({ plan, sourceRoot: pair.targetRoot, targetRoot: pair.targetRoot });
      session.allow('backup', result.backupDir);
      session.dropPreview();
      return { files, backupDir: result.backupDir };
    },
    'commit:undo': async (session, { decisionId }) => {
      idle(session);
      const last = session.lastCommit;
      if (!last || last.mode !== 'in-place' || last.rolledBack) fail('not-found', 'There is no in-place commit to undo a decision of.');
      try {
        const result = await undoDecision({ targetRoot: last.targetRoot, decisionId });
        session.allow('backup', result.backupDir);
        session.dropPreview();
        return { summary: result.summary, backupDir: result.backupDir };
      } catch (error) {
        if (error instanceof UndoRefused) fail('invalid-request', `Undo refused: ${error.message}`);
        throw error;
      }
    },
  };
}
