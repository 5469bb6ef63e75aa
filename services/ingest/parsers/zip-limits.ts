// A DOCX is a ZIP: before anything inflates it, its central directory must declare a total size
// and compression ratios a real document has. (A lying directory still meets the parser worker's
// memory limit and the cap on extracted text.)

export interface ZipLimits {
  /** Sum of the declared uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Per entry, uncompressed / compressed, checked for entries over 1 MiB. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 64 * 1024 * 1024, maxRatio: 200, maxEntries: 10_000 };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const ZIP64_MARKER = 0xffffffff;
const RATIO_FLOOR_BYTES = 1024 * 1024;

export class ArchiveRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveRefusedError';
  }
}

function endOfDirectory(zip: Buffer): number {
  // The record sits in the last 22 bytes plus a comment of at most 65,535.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw new ArchiveRefusedError('not a ZIP archive (no end of central directory)');
}

/** Throws ArchiveRefusedError when the archive would inflate beyond the limits. */
export function checkZipLimits(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  const zip = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const end = endOfDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  if (entries > limits.maxEntries) throw new ArchiveRefusedError(`archive has ${entries} entries (limit ${limits.maxEntries})`);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new ArchiveRefusedError('corrupt ZIP central directory');
    const compressed = zip.readUInt32LE(at + 20);
    const uncompressed = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + Math.min(nameLength, 200));
    if (compressed === ZIP64_MARKER || uncompressed === ZIP64_MARKER) throw new ArchiveRefusedError(`${name} is a ZIP64 entry (over 4 GiB)`);
    if (uncompressed > RATIO_FLOOR_BYTES && uncompressed > compressed * limits.maxRatio) {
      throw new ArchiveRefusedError(`${name} inflates ${Math.round(uncompressed / Math.max(1, compressed))}x (limit ${limits.maxRatio}x)`);
    }
    total += uncompressed;
    if (total > limits.maxUncompressedBytes) {
      throw new ArchiveRefusedError(`archive inflates to more than ${limits.maxUncompressedBytes} bytes`);
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
}
