/**
 * The merge model's Web Worker: a thin adapter that answers each request with
 * answerMergeModelRequest (mergeModelLoader.ts), where the work and its tests are. Started by
 * mergeModels.ts; Vite bundles it, with the part of core it uses, as a file of the app.
 */
import { answerMergeModelRequest, type MergeModelRequest, type MergeModelResponse } from './mergeModelLoader.js';

// The renderer is type-checked with the DOM's globals, where `self` is a window.
const scope = self as unknown as { onmessage: ((event: MessageEvent<MergeModelRequest>) => void) | null; postMessage(response: MergeModelResponse): void };

scope.onmessage = (event) => scope.postMessage(answerMergeModelRequest(event.data));
