import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run web:dev` sends API calls (the API of `npm run up`). */
const api = process.env['PLANCYCLE_API_URL'] ?? 'http://127.0.0.1:3000';
const apiPaths = ['/me', '/plans', '/cycles', '/assignments', '/audit', '/directory', '/health', '/docs'];

/** The console is built into apps/web/dist, which the API serves at `/`. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(
      apiPaths.map((p) => [p, { target: api, bypass: (req) => (req.headers.accept?.includes('text/html') ? req.url : undefined) }]),
    ),
  },
});
