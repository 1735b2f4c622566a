/**
 * Starts web mode once for the whole run (`node scripts/web.mjs --port 0`), reads the one line
 * it prints, and hands its URL to the tests through CARRYOVER_WEB_URL. Returns the teardown.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LINE = /^Carryover web mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(import.meta.dirname, '..');
  // Everything the run writes goes under one folder, removed at the end.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'carryover-e2e-'));
  const dataDir = path.join(tmp, 'data');
  mkdirSync(dataDir);
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'web.mjs'), '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web mode did not start within 240 s; it printed: ${out}`)), 240_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const match = LINE.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with code ${code}: ${out}`));
    });
  });
  process.env.CARRYOVER_WEB_URL = url;
  process.env.CARRYOVER_E2E_TMP = tmp;
  return async () => {
    // SIGTERM lets web mode remove the sample's working copies.
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (process.env.CARRYOVER_E2E_KEEP !== '1') rmSync(tmp, { recursive: true, force: true });
  };
}
