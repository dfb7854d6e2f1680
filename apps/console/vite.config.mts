import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console builds to static files (dist/) that the embedded process serves at `/`, and any web server or
// ingress can serve in the distributed mode (with a config.json beside index.html). `base: './'` keeps every
// asset path relative, so the folder works under any path. `npx vite apps/console` proxies the API to a local Baton.
const baton = process.env.BATON_URL ?? 'http://127.0.0.1:3000';
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/v1': baton, '/console': baton, '/config.json': baton } },
});
