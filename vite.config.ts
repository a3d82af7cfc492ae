import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { crossOriginIsolation } from './vite-plugins/crossOriginIsolation.js';
import { mnistAssets } from './vite-plugins/mnistAssets.js';
import { securityHeadersPlugin } from './vite-plugins/securityHeaders.js';

export default defineConfig({
  plugins: [react(), mnistAssets(), crossOriginIsolation(), securityHeadersPlugin()],
  worker: { format: 'es' },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
