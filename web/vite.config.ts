import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The web app: built by `npm run build:web` into web/dist, which `tandem start` serves at `/`. `npm run dev:web`
 * serves it with hot reload and sends /v1, /healthz and /openapi.json to a running `tandem start` (TANDEM_API_URL).
 */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    // The API's zod schemas are imported as they are; the one Node built-in they touch gets a browser stand-in.
    alias: { 'node:path': here('src/shims/nodePath.ts') },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: Object.fromEntries(
      ['/v1', '/healthz', '/openapi.json'].map((path) => [
        path,
        { target: process.env.TANDEM_API_URL ?? 'http://127.0.0.1:8787', changeOrigin: false },
      ]),
    ),
  },
});
