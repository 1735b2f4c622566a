/**
 * The app's API as the renderer calls it: the preload's `window.carryover` in the desktop app,
 * or the same calls over HTTP to the web-mode server, as the contract (electron/contract.ts) says.
 */
import { TOKEN_HEADER, type ApiError, type CarryoverApi, type Result } from '../../electron/contract.js';

export { TOKEN_HEADER };

declare global {
  interface Window {
    carryover?: CarryoverApi;
  }
}

const UNREACHABLE: ApiError = { code: 'internal', message: 'The Carryover server cannot be reached. Is `npm run web` still running?' };

/** The web-mode API: `api.<domain>.<verb>(request)` posts to `/api/<domain>:<verb>` with the token. */
export function createHttpApi(token: string, fetchImpl: typeof fetch = (...args) => fetch(...args), base = '/api/'): CarryoverApi {
  const call = async (channel: string, request: unknown): Promise<Result<unknown>> => {
    let response: Response;
    try {
      response = await fetchImpl(base + channel, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(request ?? {}),
      });
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
    try {
      return (await response.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: `The server answered ${response.status} without a result.` } };
    }
  };
  const domains = new Map<string, unknown>();
  return new Proxy({} as CarryoverApi, {
    get(_target, domain) {
      if (typeof domain !== 'string') return undefined;
      let verbs = domains.get(domain);
      if (!verbs) {
        verbs = new Proxy({}, { get: (_t, verb) => (typeof verb === 'string' ? (request: unknown) => call(`${domain}:${verb}`, request) : undefined) });
        domains.set(domain, verbs);
      }
      return verbs;
    },
  });
}

/** Where the page keeps the web-mode token: session storage, which is scoped by port (a cookie is not). */
const TOKEN_KEY = 'carryover-token';

/** The parts of `window` that {@link takePageToken} uses (a test passes its own). */
export interface PageLocation {
  location: { href: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/**
 * The web-mode token: read once from the page's address (`?token=...`), kept in session storage
 * (so a reload keeps working), and removed from the address with `history.replaceState`, so that
 * it is not left in the history, in a bookmark or on the screen (docs/reliability.md, "Web mode").
 */
export function takePageToken(page: PageLocation): string {
  const url = new URL(page.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl === null) return page.sessionStorage.getItem(TOKEN_KEY) ?? '';
  page.sessionStorage.setItem(TOKEN_KEY, fromUrl);
  url.searchParams.delete('token');
  page.history.replaceState(null, '', url.pathname + url.search + url.hash);
  return fromUrl;
}

/** The API of this page: the desktop bridge when present, else web mode with the token of its address. */
export function pageApi(): CarryoverApi {
  if (window.carryover) return window.carryover;
  return createHttpApi(takePageToken(window));
}
