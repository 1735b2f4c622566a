/**
 * The preload: exposes the app's typed API as `window.carryover` and nothing else (never
 * `ipcRenderer`). It runs sandboxed, where only `electron` can be required, so it is bundled with
 * the contract into one CommonJS file (`scripts/buildPreload.mjs` → build/electron/preload.cjs):
 * the channel list is the contract's own, never a copy (docs/architecture.md).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL, CHANNELS, type CarryoverApi } from './contract.js';

const api: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
for (const channel of CHANNELS) {
  const [domain, verb] = channel.split(':') as [string, string];
  const group = (api[domain] ??= {});
  // Exactly one argument crosses: extra arguments a caller passes are dropped here.
  group[verb] = (request: unknown) => ipcRenderer.invoke(channel, request);
}

contextBridge.exposeInMainWorld(API_GLOBAL, api as unknown as CarryoverApi);
