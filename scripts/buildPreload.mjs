// Bundles the preload (electron/preload.ts) with the contract it imports into one CommonJS file,
// build/electron/preload.cjs, that requires only `electron`: a sandboxed preload can require
// nothing else (docs/architecture.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds build/electron/preload.cjs (or into `outDir`); resolves when written. */
export async function buildPreload(outDir = path.join(root, 'build', 'electron')) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      lib: { entry: path.join(root, 'electron', 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPreload();
