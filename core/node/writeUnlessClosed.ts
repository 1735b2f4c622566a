import { describeError, errnoCode } from './fsErrors.js';

/** Streams whose reader has gone (a closed pipe), and streams already watched for it. */
const closed = new WeakSet<NodeJS.WritableStream>();
const watched = new WeakSet<NodeJS.WritableStream>();

/**
 * Writes to standard output or standard error unless its reader has gone. A closed pipe
 * (`carryover analyze ... | head`) is not an error of the command: the rest of its output is
 * dropped, the command's work goes on, and it ends quietly with its own exit code (docs/cli.md,
 * "Reports"). Any other failure of the stream (a full disk behind `> file`) is said on standard
 * error and makes the exit code 5, since the output was not written.
 */
export function writeUnlessClosed(stream: NodeJS.WritableStream, data: string | Uint8Array): void {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on('error', (error: unknown) => {
      closed.add(stream);
      if (errnoCode(error) === 'EPIPE') return;
      process.exitCode = 5;
      if (stream !== process.stderr && !closed.has(process.stderr)) {
        writeUnlessClosed(process.stderr, `carryover: could not write the output: ${describeError(error)}\n`);
      }
    });
  }
  if (!closed.has(stream)) stream.write(data);
}
