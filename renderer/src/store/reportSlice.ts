import type { StateCreator } from 'zustand';
import type { ApiError, CarryoverApi, Report } from '../../../electron/contract.js';
import type { AppState } from './appStore.js';

export interface ViewedReport {
  /** Where it came from: a file name, or "this merge". */
  title: string;
  report: Report;
}

export interface ReportSlice {
  exportFormat: 'html' | 'json';
  viewedReport: ViewedReport | null;
  reportError: ApiError | null;
  setExportFormat(format: 'html' | 'json'): void;
  /** The report of the current analysis and answers, as a file to save. */
  exportReport(): Promise<{ fileName: string; text: string } | null>;
  /** Opens a saved JSON report read-only. */
  openReportText(text: string, file: string): Promise<boolean>;
  /** Opens the report of the last commit. */
  openLastReport(): Promise<boolean>;
  closeReport(): void;
}

export const createReportSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], ReportSlice> =>
  (set, get) => ({
    exportFormat: 'html',
    viewedReport: null,
    reportError: null,
    setExportFormat: (exportFormat) => set({ exportFormat }),

    exportReport: async () => {
      set({ reportError: null });
      const result = await api.report.export({ format: get().exportFormat, answers: get().answers });
      if (!result.ok) {
        set({ reportError: result.error });
        return null;
      }
      return result.value;
    },

    openReportText: async (text, file) => {
      set({ reportError: null });
      const result = await api.report.open({ text, file });
      if (!result.ok) {
        set({ reportError: result.error });
        return false;
      }
      set({ viewedReport: { title: file, report: result.value } });
      get().go('reports');
      return true;
    },

    openLastReport: async () => {
      const result = await api.report.last({});
      if (!result.ok) {
        set({ reportError: result.error });
        return false;
      }
      set({ viewedReport: { title: 'Report of this merge', report: result.value }, reportError: null });
      get().go('reports');
      return true;
    },

    closeReport: () => set({ viewedReport: null }),
  });
