import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, policyText, securityHeaders } from '../../vite-plugins/securityHeaders';

/** Issue 14, case 14, in Node: the policy itself, and what keeps the app working under it. */

const ROOT = join(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('security headers', () => {
  it('allow this origin only, WebAssembly but no eval, and no framing', () => {
    const headers = securityHeaders();
    const policy = headers['Content-Security-Policy'] ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['X-Frame-Options']).toBe('DENY');
  });

  it('are the same in dist/_headers (for hosts that read it) as in npm start and vite preview', () => {
    const file = readFileSync(join(ROOT, 'public/_headers'), 'utf8');
    for (const [name, value] of Object.entries(securityHeaders())) expect(file).toContain(`  ${name}: ${value}\n`);
  });

  it('leave frame-ancestors out of the <meta> policy, where browsers ignore it', () => {
    const meta = policyText(CONTENT_SECURITY_POLICY, new Set(['frame-ancestors']));
    expect(meta).not.toContain('frame-ancestors');
    expect(meta).toContain("default-src 'self'");
  });

  it('index.html has no inline script or style for the policy to block', () => {
    const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    // Scripts come from the app's own files, and no policy in the page relaxes the header's.
    expect(html).not.toContain('http-equiv');
  });

  it('zod is configured before any schema is made: only src/graph/zod.ts imports it', () => {
    const importers = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'nodes'))]
      .filter((file) => /from ['"]zod['"]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(importers).toEqual(['src/graph/zod.ts']);
  });
});
