import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './electron/security.ts';

/** Writes the app's content security policy into the page (the one electron/security.ts defines). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'carryover-csp',
    transformIndexHtml: (html) =>
      html.replace('<!-- csp -->', `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`),
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    // No inlined assets: the CSP allows data: only for images and fonts, and files are clearer.
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
});
