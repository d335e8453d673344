import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: served by browser mode's host and loaded from file:// by Electron, so
// every asset path is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
