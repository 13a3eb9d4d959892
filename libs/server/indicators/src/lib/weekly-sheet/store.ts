import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const KEY_PATTERN = /^[0-9a-f-]{36}$/;

export interface StoredSheet {
  key: string;
  sizeBytes: number;
  sha256: string;
  /** The upload hit the size limit and was cut off. */
  truncated: boolean;
}

/**
 * Uploaded weekly sheets on local disk under `<STORAGE_DIR>/weekly-imports`, shared by the API (which
 * receives them) and the worker (which reads them; compose mounts one volume into both). Keys are
 * generated uuids, never file names.
 */
export class WeeklySheetStore {
  private readonly root: string;

  constructor(storageDir: string) {
    this.root = resolve(storageDir, 'weekly-imports');
  }

  /** Streams an upload to disk, counting and hashing; stops writing past `maxBytes`. */
  async save(source: Readable, maxBytes: number): Promise<StoredSheet> {
    const key = randomUUID();
    const path = this.pathOf(key);
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let truncated = false;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) {
          truncated = true;
          callback();
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(path, { mode: 0o600 }));
    } catch (error) {
      await this.remove(key);
      throw error;
    }
    return { key, sizeBytes, sha256: hash.digest('hex'), truncated: truncated || (source as { truncated?: boolean }).truncated === true };
  }

  pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`invalid storage key ${key}`);
    return join(this.root, key.slice(0, 2), key);
  }

  open(key: string): Readable {
    return createReadStream(this.pathOf(key), { highWaterMark: 256 * 1024 });
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
