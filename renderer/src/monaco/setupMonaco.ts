/**
 * Monaco's worker setup (stack.md §3): the editor worker, bundled by Vite from the local package
 * and loaded from the app itself (the CSP allows workers from 'self' only). The explicit
 * `getWorker` is required: without it the built app cannot start the editor worker.
 * Imported before the editor module, once.
 */
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = {
  getWorker(): Worker {
    // Only the editor worker: the app registers no language services (see monaco.ts).
    return new EditorWorker();
  },
};
