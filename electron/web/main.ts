/**
 * `npm run web`: serves the renderer and the API on 127.0.0.1 and prints one line,
 * `Carryover web mode: http://127.0.0.1:PORT/?token=...`. Options: `--port N` (default: a free
 * port), `--data-dir DIR` (where recent pairs are remembered), `--sample` (open the bundled
 * sample on start).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerRunner } from '../analysis/runSynchronize.js';
import { loadRecent } from '../backend/handlers.js';
import { Session } from '../backend/session.js';
import { startWebServer } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** build/electron/web → the app root. */
const appRoot = path.resolve(here, '..', '..', '..');

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    // A missing package.json only costs the version shown in reports.
    return '0.0.0';
  }
}

export interface WebArgs {
  port: number;
  dataDir: string;
  sample: boolean;
}

/** Parses the command line; returns a message for a usage error. */
export function parseWebArgs(argv: readonly string[]): WebArgs | string {
  const args: WebArgs = { port: 0, dataDir: path.join(os.homedir(), '.config', 'carryover'), sample: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 65535) return '--port needs a port number (0 for a free one)';
      args.port = value;
    } else if (arg === '--data-dir') {
      const value = argv[++i];
      if (!value) return '--data-dir needs a folder';
      args.dataDir = path.resolve(value);
    } else if (arg === '--sample') {
      args.sample = true;
    } else {
      return `unknown argument ${arg} (usage: npm run web -- [--port N] [--data-dir DIR] [--sample])`;
    }
  }
  return args;
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseWebArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`carryover web: ${args}\n`);
    return 2;
  }
  const staticDir = path.join(appRoot, 'dist', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write('carryover web: the renderer is not built; run `npm run build:renderer`\n');
    return 1;
  }
  const session = new Session({
    mode: 'web',
    appRoot,
    dataDir: args.dataDir,
    runner: workerRunner(),
    openSampleOnStart: args.sample,
    version: packageVersion(),
  });
  await loadRecent(session);
  const token = randomBytes(24).toString('base64url');
  const server = await startWebServer({ session, staticDir, token, port: args.port });
  process.stdout.write(`Carryover web mode: ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await session.dispose();
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
