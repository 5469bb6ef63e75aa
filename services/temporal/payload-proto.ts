// temporal.api.common.v1.Payload in protobuf wire format — `map<string, bytes> metadata = 1;
// bytes data = 2;` — what the codec encrypts, so a Go or Python codec server with the same key reads
// the plaintext as a Payload too. Written out here rather than taken from @temporalio/proto, which is
// not one of Keel's dependencies; unknown fields are skipped when reading.
import type { Payload } from '@temporalio/common';

const LEN = 2; // wire type: length-delimited

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const field = (num: number, bytes: Uint8Array): Buffer => Buffer.concat([Buffer.from([...varint((num << 3) | LEN), ...varint(bytes.length)]), bytes]);

export function encodePayload(payload: Payload): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(payload.metadata ?? {})) {
    if (!value) continue;
    parts.push(field(1, Buffer.concat([field(1, Buffer.from(key, 'utf8')), field(2, value)])));
  }
  if (payload.data && payload.data.length > 0) parts.push(field(2, payload.data));
  return Buffer.concat(parts);
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (this.pos >= this.buf.length || shift > 49) throw new Error('malformed payload: truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
  }
  bytes(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.buf.length) throw new Error('malformed payload: truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wireType: number) {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`malformed payload: wire type ${wireType}`);
  }
}

export function decodePayload(buf: Uint8Array): Payload {
  const r = new Reader(buf);
  const metadata: Record<string, Uint8Array> = {};
  let data: Uint8Array = new Uint8Array(0);
  while (!r.done) {
    const tag = r.varint();
    const [num, type] = [Math.floor(tag / 8), tag & 7];
    if (num === 1 && type === LEN) {
      const entry = new Reader(r.bytes());
      let key = '';
      let value: Uint8Array = new Uint8Array(0);
      while (!entry.done) {
        const t = entry.varint();
        if (t === ((1 << 3) | LEN)) key = Buffer.from(entry.bytes()).toString('utf8');
        else if (t === ((2 << 3) | LEN)) value = entry.bytes();
        else entry.skip(t & 7);
      }
      metadata[key] = value;
    } else if (num === 2 && type === LEN) {
      data = r.bytes();
    } else {
      r.skip(type);
    }
  }
  return { metadata, data };
}
