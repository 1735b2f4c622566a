import http from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../contract.js';
import { cleanUp, tempDir, testSession } from '../backend/testing.js';
import { CONTENT_SECURITY_POLICY } from '../security.js';
import { startWebServer, tokenMatches, type WebServer } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';
const servers: WebServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await cleanUp();
});

async function start(): Promise<WebServer> {
  const staticDir = await tempDir();
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Carryover</title>');
  await mkdir(path.join(staticDir, 'assets'));
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const server = await startWebServer({ session: testSession(), staticDir, token: TOKEN, port: 0 });
  servers.push(server);
  return server;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(server: WebServer, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: urlPath, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };

describe('startWebServer', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', async () => {
    const server = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
    // Not reachable on another address of this machine.
    await expect(
      new Promise((resolve, reject) => {
        const req = http.request({ host: '::1', port: server.port, path: '/' }, resolve);
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toThrow();
  });

  it('refuses API calls without the token, or with a wrong one', async () => {
    const server = await start();
    const none = await request(server, 'POST', '/api/app:info', json, '{}');
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wrong = await request(server, 'POST', '/api/app:info', { ...json, [TOKEN_HEADER]: 'guess' }, '{}');
    expect(wrong.status).toBe(403);
    // The token in the query string is for the page, not for the API.
    expect((await request(server, 'POST', `/api/app:info?token=${TOKEN}`, json, '{}')).status).toBe(403);
  });

  it('answers API calls with the token, as Results', async () => {
    const server = await start();
    const reply = await request(server, 'POST', '/api/app:info', { ...json, [TOKEN_HEADER]: TOKEN }, '{}');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { mode: 'web', nativeDialogs: false } });
    const unknown = await request(server, 'POST', '/api/fs:read', { ...json, [TOKEN_HEADER]: TOKEN }, '{}');
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const malformed = await request(server, 'POST', '/api/app:info', { ...json, [TOKEN_HEADER]: TOKEN }, '{not json');
    expect(malformed.status).toBe(400);
    const notJson = await request(server, 'POST', '/api/app:info', { 'content-type': 'text/plain', [TOKEN_HEADER]: TOKEN }, '{}');
    expect(notJson.status).toBe(415);
    expect((await request(server, 'GET', '/api/app:info', { [TOKEN_HEADER]: TOKEN })).status).toBe(405);
  });

  it('never hands the token to a cookie (cookies are not scoped by port): the page and its files hold no secret', async () => {
    const server = await start();
    for (const url of ['/', `/?token=${TOKEN}`, '/assets/app.js']) {
      const reply = await request(server, 'GET', url);
      expect(reply.status, url).toBe(200);
      expect(reply.headers['set-cookie'], url).toBeUndefined();
      expect(reply.body, url).not.toContain(TOKEN);
    }
    const page = await request(server, 'GET', '/');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await request(server, 'GET', '/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    expect((await request(server, 'GET', '/../../etc/passwd')).status).toBe(404);
  });

  it('accepts the token from its header only, never from a cookie', async () => {
    const server = await start();
    const byCookie = await request(server, 'POST', '/api/app:info', { ...json, cookie: `carryover-token=${TOKEN}` }, '{}');
    expect(byCookie.status).toBe(403);
  });

  it('answers 400 to an API path with broken percent-encoding, without an internal error', async () => {
    const server = await start();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const reply = await request(server, 'POST', '/api/%E0%A4%A', { ...json, [TOKEN_HEADER]: TOKEN }, '{}');
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const server = await start();
    const reply = await request(server, 'POST', '/api/app:info', { ...json, [TOKEN_HEADER]: TOKEN, host: 'evil.example' }, '{}');
    expect(reply.status).toBe(421);
  });
});

describe('tokenMatches', () => {
  it('compares the whole token', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
  });
});
