import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { inspectZipFile, judgeZipEntries, type ZipLimits } from './zip-inspection';

const limits: ZipLimits = { maxEntries: 3, maxTotalUncompressedBytes: 1000, maxRatio: 10 };
const entry = (compressedSize: number, uncompressedSize: number) => ({ fileName: 'x', compressedSize, uncompressedSize });

describe('judgeZipEntries', () => {
  it('accepts entries within every limit', () => {
    expect(judgeZipEntries([entry(100, 900), entry(0, 0), entry(10, 100)], limits)).toEqual({ ok: true });
  });

  it('refuses one entry too many', () => {
    expect(judgeZipEntries([entry(1, 1), entry(1, 1), entry(1, 1), entry(1, 1)], limits)).toEqual({ ok: false, reason: 'too_many_entries' });
  });

  it('refuses a total uncompressed size one byte over', () => {
    expect(judgeZipEntries([entry(100, 500), entry(100, 501)], limits)).toEqual({ ok: false, reason: 'too_large' });
    expect(judgeZipEntries([entry(100, 500), entry(100, 500)], limits)).toEqual({ ok: true });
  });

  it('refuses a ratio over the limit, and a non-empty entry claiming zero compressed bytes', () => {
    expect(judgeZipEntries([entry(10, 101)], limits)).toEqual({ ok: false, reason: 'ratio' });
    expect(judgeZipEntries([entry(10, 100)], limits)).toEqual({ ok: true });
    expect(judgeZipEntries([entry(0, 5)], limits)).toEqual({ ok: false, reason: 'ratio' });
  });
});

describe('inspectZipFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'karta-zip-'));

  async function zipFile(name: string, files: Record<string, string>): Promise<string> {
    const zip = new JSZip();
    for (const [path, content] of Object.entries(files)) zip.file(path, content);
    const path = join(dir, name);
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    return path;
  }

  it('accepts an ordinary archive', async () => {
    const path = await zipFile('ok.zip', { 'a.xml': '<a>ordinary text with little repetition 12345</a>' });
    await expect(inspectZipFile(path)).resolves.toEqual({ ok: true });
  });

  it('refuses a highly compressible entry (zip bomb)', async () => {
    const path = await zipFile('bomb.zip', { 'word/document.xml': 'A'.repeat(5_000_000) });
    await expect(inspectZipFile(path)).resolves.toEqual({ ok: false, reason: 'ratio' });
  });

  it('refuses too many entries', async () => {
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, `${i}`]));
    const path = await zipFile('many.zip', files);
    await expect(inspectZipFile(path, { ...limits, maxEntries: 4 })).resolves.toEqual({ ok: false, reason: 'too_many_entries' });
  });

  it('calls a non-zip corrupt', async () => {
    const path = join(dir, 'not.zip');
    writeFileSync(path, 'not a zip at all');
    await expect(inspectZipFile(path)).resolves.toEqual({ ok: false, reason: 'corrupt' });
  });
});
