import type { CliIo } from '../../core/node/cli.js';
import { main } from '../../core/node/cli.js';

/** Runs the CLI in process, not on a terminal unless `io` says so; what it printed and its exit code. */
export async function cli(argv: string[], io: Partial<CliIo> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), interactive: false, ...io });
  return { code, stdout, stderr };
}
