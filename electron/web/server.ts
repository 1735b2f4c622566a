/**
 * Web mode's server: the same handlers as the desktop's IPC, over HTTP POST on 127.0.0.1 only,
 * plus the built renderer. Every request needs the per-run token: the page's URL carries it once
 * (`/?token=...`), which sets an HttpOnly same-site cookie for the page's own files; API calls
 * carry it in a header, which another origin cannot set without a CORS preflight we never answer.
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
const COOKIE = 'carryover-token';
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

function cookieToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

const REFUSED_TEXT = 'Carryover web mode: open the address printed when it started (it carries the token).\n';

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
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      sendJson(res, 200, await dispatch(session, channel, payload));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed.\n', 'text/plain; charset=utf-8', { allow: 'GET, HEAD' });
      return;
    }
    const queryToken = url.searchParams.get('token');
    const byQuery = tokenMatches(queryToken, token);
    if (!byQuery && !tokenMatches(cookieToken(req.headers.cookie), token)) {
      send(res, 403, REFUSED_TEXT, 'text/plain; charset=utf-8');
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
    const extra: Record<string, string> = {};
    if (byQuery) extra['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    send(res, 200, req.method === 'HEAD' ? '' : content, contentType(file), extra);
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
