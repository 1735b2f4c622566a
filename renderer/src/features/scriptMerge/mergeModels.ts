/**
 * The app's merge model loader: models are built in a module Web Worker (mergeModelWorker.ts),
 * bundled by Vite and served by the app itself (the content security policy allows workers from
 * the app only). See mergeModelLoader.ts.
 */
import { createMergeModelLoader, type MergeModelLoader } from './mergeModelLoader.js';

export const mergeModels: MergeModelLoader = createMergeModelLoader(
  () => new Worker(new URL('./mergeModelWorker.ts', import.meta.url), { type: 'module', name: 'carryover-merge-model' }),
);
