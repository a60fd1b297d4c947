import type { MaterialContentType } from '../../db/schema.js';

const PDF = Buffer.from('%PDF-');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** OFD (GB/T 33190) is a ZIP package whose entry point is OFD.xml at the root. */
const OFD_ENTRY = Buffer.from('OFD.xml');

/**
 * The file's type from its first bytes, never from its name or the browser's claim; null when it
 * is none of the accepted kinds.
 */
export function detectContentType(content: Buffer): MaterialContentType | null {
  if (startsWith(content, PDF)) return 'application/pdf';
  if (startsWith(content, JPEG)) return 'image/jpeg';
  if (startsWith(content, PNG)) return 'image/png';
  if (startsWith(content, ZIP) && hasRootEntry(content, OFD_ENTRY)) return 'application/ofd';
  return null;
}

function startsWith(content: Buffer, signature: Buffer): boolean {
  return content.length >= signature.length && content.subarray(0, signature.length).equals(signature);
}

/** Looks through the ZIP's local file headers for an entry with exactly this name. */
function hasRootEntry(content: Buffer, name: Buffer): boolean {
  let offset = 0;
  while (offset + 30 <= content.length && content.readUInt32LE(offset) === 0x04034b50) {
    const compressedSize = content.readUInt32LE(offset + 18);
    const nameLength = content.readUInt16LE(offset + 26);
    const extraLength = content.readUInt16LE(offset + 28);
    const entryName = content.subarray(offset + 30, offset + 30 + nameLength);
    if (entryName.equals(name)) return true;
    const flags = content.readUInt16LE(offset + 6);
    // With a data descriptor the size is not in the header; stop rather than guess.
    if (flags & 0x08) break;
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return false;
}

export const EXTENSIONS: Record<MaterialContentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/ofd': 'ofd',
};

/** A display name from whatever the browser sent: no directories, no control characters, bounded. */
export function cleanOriginalName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^\.+/, '').trim().slice(0, 200);
  return cleaned || '未命名文件';
}
