import yauzl from 'yauzl';

export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressedBytes: number;
  /** Uncompressed / compressed size of one entry. */
  maxRatio: number;
}

/** Office documents are zip archives; these bounds keep a decompression bomb out. */
export const OFFICE_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2000,
  maxTotalUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 100,
};

export type ZipVerdict = { ok: true } | { ok: false; reason: 'too_many_entries' | 'too_large' | 'ratio' | 'corrupt' };

export interface ZipEntrySizes {
  fileName: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** Pure check of the central directory's numbers against the limits. */
export function judgeZipEntries(entries: Iterable<ZipEntrySizes>, limits: ZipLimits = OFFICE_ZIP_LIMITS): ZipVerdict {
  let count = 0;
  let total = 0;
  for (const entry of entries) {
    count += 1;
    if (count > limits.maxEntries) return { ok: false, reason: 'too_many_entries' };
    total += entry.uncompressedSize;
    if (total > limits.maxTotalUncompressedBytes) return { ok: false, reason: 'too_large' };
    if (entry.uncompressedSize > 0) {
      // A stored entry of zero compressed bytes but some uncompressed ones is a lie: treat as infinite ratio.
      const ratio = entry.compressedSize === 0 ? Infinity : entry.uncompressedSize / entry.compressedSize;
      if (ratio > limits.maxRatio) return { ok: false, reason: 'ratio' };
    }
  }
  return { ok: true };
}

/**
 * Reads a zip file's central directory (without inflating anything) and judges it. Stops at the
 * first entry that breaks a limit, so a directory of millions of entries is not read to the end.
 */
export function inspectZipFile(path: string, limits: ZipLimits = OFFICE_ZIP_LIMITS): Promise<ZipVerdict> {
  return new Promise((resolve) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) {
        resolve({ ok: false, reason: 'corrupt' });
        return;
      }
      if (zip.entryCount > limits.maxEntries) {
        zip.close();
        resolve({ ok: false, reason: 'too_many_entries' });
        return;
      }
      const seen: ZipEntrySizes[] = [];
      let settled = false;
      const finish = (verdict: ZipVerdict) => {
        if (settled) return;
        settled = true;
        if (!verdict.ok) zip.close();
        resolve(verdict);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        seen.push({ fileName: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize });
        const verdict = judgeZipEntries(seen, limits);
        if (!verdict.ok) finish(verdict);
        else zip.readEntry();
      });
      zip.on('end', () => finish({ ok: true }));
      zip.on('error', () => finish({ ok: false, reason: 'corrupt' }));
      zip.readEntry();
    });
  });
}
