// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from './contract.js';
import { testSession } from './backend/testing.js';
import { APP_ORIGIN } from './security.js';

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
}));

const { registerIpc } = await import('./ipc.js');

function event(webContentsId: number, url: string, mainFrame = true) {
  const frame = { url };
  return { sender: { id: webContentsId, mainFrame: mainFrame ? frame : { url } }, senderFrame: frame };
}

describe('registerIpc', () => {
  registerIpc(testSession(), new Set([1]));

  it('registers exactly the contract channels', () => {
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it("answers the app's own window", async () => {
    const reply = await handlers.get('app:info')?.(event(1, `${APP_ORIGIN}/index.html`), {});
    expect(reply).toMatchObject({ ok: true, value: { mode: 'web' } });
  });

  it('refuses a foreign sender, a sub-frame and a page navigated elsewhere, without running the handler', async () => {
    for (const e of [event(2, `${APP_ORIGIN}/index.html`), event(1, `${APP_ORIGIN}/index.html`, false), event(1, 'https://evil.example/')]) {
      expect(await handlers.get('app:info')?.(e, {})).toEqual({ ok: false, error: { code: 'forbidden', message: 'This window may not call the app.' } });
    }
  });

  it('refuses a malformed payload from a trusted sender with a Result, not a throw', async () => {
    const reply = await handlers.get('configurations:open')?.(event(1, `${APP_ORIGIN}/index.html`), { source: ['a'], target: null });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
