import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_GLOBAL, CHANNELS } from './contract.js';
import { REPO_ROOT } from './backend/testing.js';
import {
  allowNavigation,
  allowPermission,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_META,
  isAppUrl,
  isTrustedSender,
  windowOpenHandler,
  windowOptions,
} from './security.js';
import { resolveStaticPath } from './staticFiles.js';

describe('windowOptions', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, no webview, the preload only', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });
});

describe('content security policy', () => {
  it('allows the app itself and nothing from the network', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('is in the built page, exactly', () => {
    const page = path.join(REPO_ROOT, 'dist', 'renderer', 'index.html');
    if (!existsSync(page)) return expect.soft(existsSync(page), 'build the renderer (npm run build:renderer) to check the page').toBe(true);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`);
    // No inline script, nothing loaded from elsewhere.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe('navigation and windows', () => {
  it('denies every navigation and every new window', () => {
    expect(allowNavigation('https://example.com/')).toBe(false);
    expect(allowNavigation(`${APP_ORIGIN}/index.html`)).toBe(false);
    expect(allowNavigation('file:///etc/passwd')).toBe(false);
    expect(windowOpenHandler()).toEqual({ action: 'deny' });
  });

  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(allowPermission(permission)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const windows = new Set([7]);

  it("accepts the main frame of the app's window showing the app", () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: `${APP_ORIGIN}/index.html#/review`, isMainFrame: true }, windows)).toBe(true);
  });

  it('rejects other windows, sub-frames and foreign pages', () => {
    expect(isTrustedSender({ webContentsId: 8, frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true }, windows)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: false }, windows)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'https://evil.example/', isMainFrame: true }, windows)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'app://carryover.evil/index.html', isMainFrame: true }, windows)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: undefined, isMainFrame: true }, windows)).toBe(false);
  });

  it('knows the app URL from look-alikes', () => {
    expect(isAppUrl(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAppUrl('http://carryover/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('resolveStaticPath', () => {
  it('serves files inside the folder only', () => {
    expect(resolveStaticPath('/srv/app', '/')).toBe(path.resolve('/srv/app/index.html'));
    expect(resolveStaticPath('/srv/app', '/assets/x.js')).toBe(path.resolve('/srv/app/assets/x.js'));
    for (const bad of ['/../etc/passwd', '/assets/../../etc/passwd', '/%2e%2e/etc/passwd', '/a%00b', '/..%5cetc', '/%E0%A4%A']) {
      expect(resolveStaticPath('/srv/app', bad), bad).toBeNull();
    }
  });
});

describe('preload', () => {
  it('takes its channels from the contract, and never exposes ipcRenderer itself', () => {
    const source = readFileSync(path.join(REPO_ROOT, 'electron', 'preload.ts'), 'utf8');
    expect(source).toMatch(/import \{ API_GLOBAL, CHANNELS, type CarryoverApi \} from '\.\/contract\.js';/);
    expect(source).not.toMatch(/'[a-z]+:[A-Za-z]+'/);
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('bundles into one CommonJS file that requires only electron and exposes exactly the contract channels', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'carryover-preload-'));
    try {
      const { buildPreload } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'buildPreload.mjs')).href)) as { buildPreload: (dir: string) => Promise<void> };
      await buildPreload(outDir);
      const code = readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
      expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
      // Run it against a stand-in for electron: what it exposes, and what crosses to the main process.
      const exposed = new Map<string, Record<string, Record<string, (...args: unknown[]) => unknown>>>();
      const invoked: unknown[][] = [];
      const electron = {
        contextBridge: { exposeInMainWorld: (name: string, value: never) => exposed.set(name, value) },
        ipcRenderer: { invoke: (...args: unknown[]) => invoked.push(args) },
      };
      new Function('require', code)((name: string) => (name === 'electron' ? electron : undefined));
      expect([...exposed.keys()]).toEqual([API_GLOBAL]);
      const api = exposed.get(API_GLOBAL) ?? {};
      expect(Object.entries(api).flatMap(([domain, verbs]) => Object.keys(verbs).map((verb) => `${domain}:${verb}`))).toEqual([...CHANNELS]);
      api['jobs']['status']({ jobId: 'j' }, 'extra');
      expect(invoked).toEqual([['jobs:status', { jobId: 'j' }]]);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
