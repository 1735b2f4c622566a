/**
 * The preload: exposes the app's typed API as `window.carryover` and nothing else (never
 * `ipcRenderer`). It runs sandboxed, so it is one self-contained CommonJS file that requires only
 * `electron`; its channel list is checked against the contract at compile time.
 */
// A sandboxed preload is CommonJS; `import x = require()` is how a .cts imports under verbatimModuleSyntax.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type { Channel, CarryoverApi } from './api/contract.js';

/** Every channel of the contract (the compiler checks none is missing or unknown). */
const CHANNELS = [
  'app:info',
  'folders:pick',
  'folders:complete',
  'configurations:open',
  'configurations:openSample',
  'configurations:recent',
  'options:parse',
  'options:check',
  'analysis:start',
  'analysis:result',
  'analysis:version',
  'analysis:versionResult',
  'analysis:warnings',
  'jobs:status',
  'jobs:cancel',
  'commit:start',
  'commit:result',
  'commit:rollback',
  'report:export',
  'report:open',
  'report:last',
] as const satisfies readonly Channel[];
type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
const complete: [Missing] extends [never] ? true : false = true;
void complete;

const api: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
for (const channel of CHANNELS) {
  const [domain, verb] = channel.split(':') as [string, string];
  const group = (api[domain] ??= {});
  // Exactly one argument crosses: extra arguments a caller passes are dropped here.
  group[verb] = (request: unknown) => electron.ipcRenderer.invoke(channel, request);
}

electron.contextBridge.exposeInMainWorld('carryover', api as unknown as CarryoverApi);
