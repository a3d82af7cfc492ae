import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { mnistAssets } from './vite-plugins/mnistAssets.js';

export default defineConfig({
  plugins: [react(), mnistAssets()],
  worker: { format: 'es' },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
