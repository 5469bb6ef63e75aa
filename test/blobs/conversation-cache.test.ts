// The per-worker conversation cache: consecutive model calls read only what they append; a cold
// worker walks the chain of nodes once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BlobWrites, CachedBlobStore, LocalBlobStore, type BlobStore } from '../../services/blobs';
import { conversationStore } from '../../activities/conversation';

/** Counts reads that reach the store. */
function countingStore(inner: BlobStore) {
  const counted = { gets: 0, puts: 0 };
  const store: BlobStore = {
    put: (c) => (counted.puts++, inner.put(c)),
    get: (r) => (counted.gets++, inner.get(r)),
  };
  return { store, counted };
}

it('rebuilds a conversation from the cache on the next call, and from the chain on a cold worker', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-conv-'));
  const { store, counted } = countingStore(new LocalBlobStore(dir));
  const warm = conversationStore(store);
  let ref: string | undefined;
  for (let i = 0; i < 10; i++) {
    const base = await warm.load(ref);
    const entry = await warm.entryOf({ role: 'tool', toolCallId: `c${i}`, content: `r${i} `.repeat(i === 3 ? 2000 : 10) }, 2048);
    ({ ref } = await warm.append(ref, base, [entry]));
  }
  expect(counted.gets).toBe(1); // the large content, read once to resolve it; every load was a hit
  expect(warm.stats.hits).toBe(9);
  const all = (await warm.load(ref)).messages;
  expect(all).toHaveLength(10);
  expect(all[3].content).toHaveLength(6000); // stored by reference, rebuilt whole

  const cold = conversationStore(store);
  const rebuilt = await cold.load(ref);
  expect(rebuilt.messages).toEqual(all);
  expect(counted.gets).toBe(12); // ten nodes and the one large content
  await cold.load(ref);
  expect(counted.gets).toBe(12);
  expect(cold.stats).toEqual({ hits: 1, misses: 1 });
});

it('claim-checks only contents above the threshold, with a preview', async () => {
  const convs = conversationStore(new LocalBlobStore(mkdtempSync(join(tmpdir(), 'keel-conv-'))));
  expect(await convs.claimCheckText('small', 2048)).toEqual({ content: 'small' });
  const big = 'x'.repeat(5000);
  const checked = await convs.claimCheckText(big, 2048);
  expect(checked.content).toHaveLength(2000);
  expect(checked.contentRef).toEqual({ ref: expect.stringMatching(/^blob:sha256:[0-9a-f]{64}$/), bytes: 5000 });
});

it('serves repeated reads from the byte-bounded blob cache', async () => {
  const { store, counted } = countingStore(new LocalBlobStore(mkdtempSync(join(tmpdir(), 'keel-blobs-'))));
  const cached = new CachedBlobStore(store, 1_048_576);
  const ref = await cached.put('hello');
  expect((await cached.get(ref)).toString()).toBe('hello');
  expect(counted.gets).toBe(0);
  const tooBig = await store.put(Buffer.alloc(2_000_000, 1));
  await cached.get(tooBig);
  await cached.get(tooBig);
  expect(counted.gets).toBe(2); // larger than the whole cache: never kept
});

it('appends a claim-checked message written in the background without waiting for the store, and hands it on once stored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-conv-'));
  const inner = new LocalBlobStore(dir);
  let release!: () => void;
  const stored = new Promise<void>((r) => (release = r));
  const slow: BlobStore = { put: async (c) => (await stored, inner.put(c)), get: (r) => inner.get(r) };
  const conversations = conversationStore(slow);
  const writes = new BlobWrites(slow);
  const long = 'a long answer '.repeat(500);
  const entry = await conversations.entryOf({ role: 'assistant', content: long }, 2048, writes);
  expect(entry.contentRef).toBeDefined();
  const { ref, conversation } = await conversations.append(undefined, { messages: [], chars: 0 }, [entry], writes);
  expect(conversation.messages[0].content).toBe(long); // read back from the batch, not the store
  release();
  await writes.settled();
  expect((await conversationStore(inner).load(ref)).messages[0].content).toBe(long); // a cold worker reads the stored chain
});
