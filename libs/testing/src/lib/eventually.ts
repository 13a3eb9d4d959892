import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `check` answers true, polling every 20 ms, and fails naming `what` after `timeoutMs`:
 * for effects that arrive on their own (pub/sub messages, queue workers), never to measure time.
 */
export async function eventually(check: () => Promise<boolean>, what = 'the condition', timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
