import type { StateCreator } from 'zustand';
import type { CarryoverApi, SidedProblem } from '../../../electron/contract.js';
import { defaultOptions, type AttributeRule, type Options } from '../../../core/options.js';
import type { Problem } from '../../../core/problems.js';
import type { AppState } from './appStore.js';

export type OptionsTab = 'forms' | 'globals' | 'explorer' | 'general';
export type RuleTable = 'formAttributes' | 'componentAttributes';

export interface OptionsSlice {
  options: Options;
  allowDestructive: boolean;
  /** Options the protected Target refuses (empty for an unprotected one). */
  refused: Problem[];
  optionsProblems: SidedProblem[];
  optionsTab: OptionsTab;
  mergeOptionsOpen: boolean;
  setOptionsTab(tab: OptionsTab): void;
  setMergeOptionsOpen(open: boolean): void;
  /** Applies a change to a copy of the options. */
  updateOptions(change: (draft: Options) => void): void;
  setAllowDestructive(allow: boolean): void;
  setRule(table: RuleTable, attribute: string, rule: AttributeRule): void;
  removeRule(table: RuleTable, attribute: string): void;
  restoreDefaultRules(): void;
  loadOptionsFile(text: string, file: string): Promise<boolean>;
  /** The options as an options file. */
  optionsFileText(): string;
  checkRefused(): Promise<void>;
}

export const createOptionsSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], OptionsSlice> =>
  (set, get) => ({
    options: defaultOptions(),
    allowDestructive: false,
    refused: [],
    optionsProblems: [],
    optionsTab: 'forms',
    mergeOptionsOpen: false,

    setOptionsTab: (optionsTab) => set({ optionsTab }),
    setMergeOptionsOpen: (mergeOptionsOpen) => set({ mergeOptionsOpen }),

    updateOptions: (change) => {
      const draft = structuredClone(get().options);
      change(draft);
      set({ options: draft, optionsProblems: [] });
      void get().checkRefused();
    },

    setAllowDestructive: (allowDestructive) => set({ allowDestructive }),

    setRule: (table, attribute, rule) =>
      get().updateOptions((o) => {
        o.merge[table] = { ...o.merge[table], [attribute]: rule };
      }),

    removeRule: (table, attribute) =>
      get().updateOptions((o) => {
        if (attribute === '*') return;
        const rules = { ...o.merge[table] };
        delete rules[attribute];
        o.merge[table] = rules;
      }),

    restoreDefaultRules: () =>
      get().updateOptions((o) => {
        const defaults = defaultOptions();
        o.merge.formAttributes = defaults.merge.formAttributes;
        o.merge.componentAttributes = defaults.merge.componentAttributes;
      }),

    loadOptionsFile: async (text, file) => {
      const result = await api.options.parse({ text, file });
      if (!result.ok) {
        set({ optionsProblems: result.error.problems ?? [{ side: 'options', code: result.error.code, file, pointer: '', message: result.error.message }] });
        return false;
      }
      set({ options: result.value.options, optionsProblems: [] });
      await get().checkRefused();
      return true;
    },

    optionsFileText: () => JSON.stringify(get().options, null, 2) + '\n',

    checkRefused: async () => {
      if (!get().pair?.target.protected) {
        set({ refused: [] });
        return;
      }
      const options = get().options;
      const result = await api.options.check({ options });
      // Only the answer for the options still shown counts.
      if (get().options !== options) return;
      if (result.ok) set({ refused: result.value.refused, optionsProblems: [] });
      else set({ optionsProblems: result.error.problems ?? [] });
    },
  });
