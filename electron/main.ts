/**
 * Electron main: lifecycle, the window, security, and the IPC handlers. Thin by design: the
 * handlers are plain functions (api/handlers.ts) and the security rules plain values
 * (security.ts), both tested under Node.
 */
import { app, BrowserWindow, dialog, protocol, session as electronSession } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerRunner } from './analysis/runSynchronize.js';
import { loadRecent } from './backend/handlers.js';
import { Session, type FolderDialog } from './backend/session.js';
import { mayCloseWindow } from './backend/savedAnswersHandlers.js';
import { registerIpc } from './ipc.js';
import {
  allowNavigation,
  allowPermission,
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  windowOpenHandler,
  windowOptions,
} from './security.js';
import { contentType, resolveStaticPath } from './staticFiles.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** build/electron → the app root (holds dist/renderer and fixtures/sample). */
const appRoot = path.resolve(here, '..', '..');
const rendererRoot = path.join(appRoot, 'dist', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');

const windowIds = new Set<number>();
let mainWindow: BrowserWindow | null = null;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

const folderDialog: FolderDialog = async (purpose, defaultPath) => {
  const titles = { source: 'Choose the Source folder', target: 'Choose the Target folder', output: 'Choose the output folder', backup: 'Choose the backup folder' };
  const options = {
    title: titles[purpose],
    defaultPath,
    properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] as ('openDirectory' | 'createDirectory' | 'dontAddToRecent')[],
  };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : (result.filePaths[0] ?? null);
};

function createWindow(session: Session): void {
  const window = new BrowserWindow(windowOptions(preloadPath));
  mainWindow = window;
  // Unsaved answers or an open edit: ask before the window closes (docs/sessions.md).
  window.on('close', (event) => {
    const confirm = (message: string) =>
      dialog.showMessageBoxSync(window, { type: 'warning', buttons: ['Close', 'Stay'], defaultId: 1, cancelId: 1, message }) === 0;
    if (!mayCloseWindow(session, confirm)) event.preventDefault();
  });
  const id = window.webContents.id;
  windowIds.add(id);
  window.on('closed', () => {
    windowIds.delete(id);
    if (mainWindow === window) mainWindow = null;
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

void app.whenReady().then(async () => {
  // Serve the built renderer from app://carryover/, with the CSP header on every response.
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStaticPath(rendererRoot, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), {
        headers: { 'content-type': contentType(file), 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  electronSession.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowPermission(permission)));
  electronSession.defaultSession.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));

  const session = new Session({
    mode: 'desktop',
    appRoot,
    dataDir: app.getPath('userData'),
    runner: workerRunner(),
    folderDialog,
    openSampleOnStart: process.argv.includes('--sample'),
    version: app.getVersion(),
  });
  await loadRecent(session);
  registerIpc(session, windowIds);
  // The sample's working copies go with the app.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    void session.dispose().finally(() => app.quit());
  });
  createWindow(session);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(session);
  });
});

// Every web contents, including any created later: no navigation, no new windows, no webviews.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(windowOpenHandler);
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
