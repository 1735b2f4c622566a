/**
 * The desktop window's security settings, as plain values and functions (no Electron import), so
 * that tests can check them under Node: window options, content security policy, the navigation
 * and window-open rules, the permission rule, and the IPC sender check.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The app's own scheme: the renderer is served from `app://carryover/`, never from the network. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'carryover';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The content security policy: the app's own scripts, styles (Monaco sets inline styles),
 * fonts and images (Monaco's codicons), workers from the app itself (Monaco's workers), requests
 * to the app itself (web mode's API), and nothing from the network.
 */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
];

/** The policy as an HTTP header (adds what only a header can carry). */
export const CONTENT_SECURITY_POLICY = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');
/** The policy as the page's `<meta http-equiv>` (frame-ancestors is ignored, and warned about, there). */
export const CONTENT_SECURITY_POLICY_META = CSP_DIRECTIVES.join('; ');

/** The main window's options: context isolation, the sandbox, no Node, no webview, the preload only. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Carryover',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** True for a URL of the app itself. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Whether the window may navigate to `url`: never. The app is one page with hash routes, which do
 * not navigate; anything else (a dropped file, a link in a value) would leave the app.
 */
export function allowNavigation(url: string): boolean {
  void url;
  return false;
}

/** The handler for `window.open` and target=_blank links: always deny. */
export function windowOpenHandler(): { action: 'deny' } {
  return { action: 'deny' };
}

/** The answer to every permission request (camera, notifications, ...): no. */
export function allowPermission(permission: string): boolean {
  void permission;
  return false;
}

/**
 * The IPC sender check: the message must come from the main frame of one of the app's windows,
 * showing the app's own page. Rejects other windows, sub-frames, and pages navigated elsewhere.
 */
export function isTrustedSender(
  sender: { webContentsId: number; frameUrl: string | undefined; isMainFrame: boolean },
  appWebContentsIds: ReadonlySet<number>,
): boolean {
  return appWebContentsIds.has(sender.webContentsId) && sender.isMainFrame && isAppUrl(sender.frameUrl);
}
