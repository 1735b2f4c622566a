/**
 * Web mode's server: the same handlers as the desktop's IPC, over HTTP POST on 127.0.0.1 only,
 * plus the built renderer. Every API call needs the per-run token in a request header, which only
 * the page sets (another origin cannot set it without a CORS preflight we never answer). No cookie
 * carries the token: cookies are not scoped by port, so every other server on 127.0.0.1 would
 * receive it. The page's URL carries the token once (`/?token=...`); the page keeps it in its
 * session storage (scoped by port) and removes it from its address. The page's own files hold no
 * secret and are served to any request that passes the Host check (docs/reliability.md, "Web mode").
 */
import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOKEN_HEADER } from '../contract.js';
import { dispatch } from '../backend/handlers.js';
import type { Session } from '../backend/session.js';
import { CONTENT_SECURITY_POLICY } from '../security.js';
import { contentType, resolveStaticPath } from '../staticFiles.js';

export interface WebServerOptions {
  session: Session;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  token: string;
  /** 0 (default): a free port. */
  port?: number;
}

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The only address web mode listens on. */
export const WEB_HOST = '127.0.0.1';
/** Largest API request body (an edited script, a report to open). */
const MAX_BODY = 96 * 1024 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Constant-time comparison of a presented token with the run's token. */
export function tokenMatches(presented: string | undefined | null, token: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The channel named by an API path, or `null` when its percent-encoding is broken (`%E0%A4%A`). */
export function decodeChannel(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch (error) {
    if (error instanceof URIError) return null;
    throw error;
  }
}

/** Starts the server on 127.0.0.1; resolves once it listens. */
export function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { session, staticDir, token } = options;
  let port = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('carryover web: request failed', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error.' } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding: only our own host names reach the app.
    const host = req.headers.host ?? '';
    if (host !== `${WEB_HOST}:${port}` && host !== `localhost:${port}`) {
      send(res, 421, 'Misdirected request.\n', 'text/plain; charset=utf-8');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, 'Method not allowed.\n', 'text/plain; charset=utf-8', { allow: 'POST' });
        return;
      }
      const header = req.headers[TOKEN_HEADER];
      if (!tokenMatches(Array.isArray(header) ? header[0] : header, token)) {
        sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'Missing or wrong token.' } });
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        sendJson(res, 415, { ok: false, error: { code: 'invalid-request', message: 'Send JSON.' } });
        return;
      }
      const body = await readBody(req);
      if (body === null) {
        sendJson(res, 413, { ok: false, error: { code: 'invalid-request', message: 'Request too large.' } });
        return;
      }
      let payload: unknown;
      try {
        payload = body === '' ? undefined : JSON.parse(body);
      } catch {
        sendJson(res, 400, { ok: false, error: { code: 'invalid-request', message: 'The request is not JSON.' } });
        return;
      }
      const channel = decodeChannel(url.pathname.slice('/api/'.length));
      if (channel === null) {
        sendJson(res, 400, { ok: false, error: { code: 'invalid-request', message: 'The API path is not valid percent-encoding.' } });
        return;
      }
      sendJson(res, 200, await dispatch(session, channel, payload));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed.\n', 'text/plain; charset=utf-8', { allow: 'GET, HEAD' });
      return;
    }
    const file = resolveStaticPath(staticDir, url.pathname);
    if (!file) {
      send(res, 404, 'Not found.\n', 'text/plain; charset=utf-8');
      return;
    }
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      send(res, 404, 'Not found.\n', 'text/plain; charset=utf-8');
      return;
    }
    send(res, 200, req.method === 'HEAD' ? '' : content, contentType(file));
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, WEB_HOST, () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${WEB_HOST}:${port}/?token=${token}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
