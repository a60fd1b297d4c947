/** Small binary files for upload tests. */

/** A minimal stored (uncompressed) ZIP with the given entry names. */
export function zipWith(...names: string[]): Buffer {
  const parts: Buffer[] = [];
  for (const name of names) {
    const data = Buffer.from('<ofd/>');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    parts.push(header, Buffer.from(name), data);
  }
  return Buffer.concat(parts);
}
