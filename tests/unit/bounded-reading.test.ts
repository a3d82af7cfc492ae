import { describe, expect, it, vi } from 'vitest';
import { decompressionBombPayload } from '../../bench/hostileInputs';
import { decodeSharePayload, encodeShareFragment, inflateBounded, MAX_INFLATED_BYTES } from '../../src/graph/shareLink';
import { kairoStore } from '../../src/store/index';
import { openGraphFile, openSharePayload } from '../../src/ui/fileActions';
import { deflateSync } from 'fflate';

/**
 * Issue 14, cases 6 and 13: a share link under the length limit inflated to 1.4 GiB before its
 * size was checked (seconds of a frozen page, ~3 GB of memory), and a 600 MiB file was read whole
 * and then called "empty". Both are now refused before the memory is spent.
 */

describe('the decompression bomb (case 6)', () => {
  it('is refused as LINK_TOO_LARGE within a second of CPU time and little memory, while inflating', () => {
    const payload = decompressionBombPayload();
    expect(payload.length).toBeLessThan(2_000_000);
    const rssBefore = process.memoryUsage().rss;
    // CPU time, not wall time: what the refusal costs, however busy the machine running the test is
    // (bench/refusals.ts measures both, in fresh processes).
    const cpuBefore = process.cpuUsage();
    const result = decodeSharePayload(payload);
    const cpu = process.cpuUsage(cpuBefore);
    const grown = process.memoryUsage().rss - rssBefore;
    expect(result.ok ? 'opened' : result.issues.map((issue) => issue.code)).toEqual(['LINK_TOO_LARGE']);
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(1);
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });

  it('inflates right up to the limit, and not a byte past it', () => {
    const exact = new Uint8Array(MAX_INFLATED_BYTES).fill(0x20);
    const fits = inflateBounded(deflateSync(exact), MAX_INFLATED_BYTES);
    expect(fits.ok && fits.bytes.length).toBe(MAX_INFLATED_BYTES);
    const over = inflateBounded(deflateSync(new Uint8Array(MAX_INFLATED_BYTES + 1).fill(0x20)), MAX_INFLATED_BYTES);
    expect(over.ok ? 'inflated' : over.reason).toBe('tooLarge');
    expect(inflateBounded(deflateSync(exact).subarray(0, 100), MAX_INFLATED_BYTES)).toEqual({ ok: false, reason: 'damaged' });
  });

  it('opening it in the editor leaves the graph as it was, with the reason', async () => {
    const before = kairoStore.getState().graph;
    expect(await openSharePayload(decompressionBombPayload(64 * 1024 * 1024))).toBe(false);
    expect(kairoStore.getState().graph).toBe(before);
    expect(kairoStore.getState().loadError?.issues.map((issue) => issue.code)).toEqual(['LINK_TOO_LARGE']);
    // An ordinary link still opens.
    expect(decodeSharePayload(encodeShareFragment(before).slice(2)).ok).toBe(true);
  });
});

describe('a file far too large (case 13)', () => {
  it('is refused by its size, before a byte is read, as too large rather than empty', async () => {
    const text = vi.fn(async () => '');
    const file = { name: 'huge.kairo.json', size: 600 * 1024 * 1024, text } as unknown as File;
    const before = kairoStore.getState().graph;
    expect(await openGraphFile(file)).toBe(false);
    expect(text).not.toHaveBeenCalled();
    const issues = kairoStore.getState().loadError?.issues ?? [];
    expect(issues.map((issue) => `${issue.code}.${issue.variant}`)).toEqual(['FILE_TOO_LARGE.bytes']);
    expect(issues[0]?.vars.size).toBe(600 * 1024 * 1024);
    expect(kairoStore.getState().graph).toBe(before);
  });
});
