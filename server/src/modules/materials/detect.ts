import type { MaterialContentType } from '../../db/schema.js';
import { checkJpeg, checkOfd, checkPdf, checkPng } from './structure.js';

const PDF = Buffer.from('%PDF-');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** OFD (GB/T 33190) is a ZIP package whose entry point is OFD.xml at the root. */
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The file's type from its first bytes, never from its name or the browser's claim; null when it
 * is none of the accepted kinds or fails the structure check of its kind (see inspectFile).
 */
export function detectContentType(content: Buffer): MaterialContentType | null {
  const inspected = inspectFile(content);
  return 'contentType' in inspected ? inspected.contentType : null;
}

/**
 * The file's type from its first bytes, then its structure checked as that type (a PDF without
 * scripts or attachments, an image that ends where it says, an OFD package with nothing around
 * it); otherwise the reason to tell the person.
 */
export function inspectFile(content: Buffer): { contentType: MaterialContentType } | { reason: string } {
  const kind = magicType(content);
  if (!kind) return { reason: '只接受 PDF、JPEG、PNG、OFD 格式的文件（按文件内容识别）' };
  const reason = CHECKS[kind](content);
  return reason ? { reason } : { contentType: kind };
}

const CHECKS: Record<MaterialContentType, (content: Buffer) => string | null> = {
  'application/pdf': checkPdf,
  'image/jpeg': checkJpeg,
  'image/png': checkPng,
  'application/ofd': checkOfd,
};

function magicType(content: Buffer): MaterialContentType | null {
  if (startsWith(content, PDF)) return 'application/pdf';
  if (startsWith(content, JPEG)) return 'image/jpeg';
  if (startsWith(content, PNG)) return 'image/png';
  if (startsWith(content, ZIP)) return 'application/ofd';
  return null;
}

function startsWith(content: Buffer, signature: Buffer): boolean {
  return content.length >= signature.length && content.subarray(0, signature.length).equals(signature);
}

export const EXTENSIONS: Record<MaterialContentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/ofd': 'ofd',
};

/**
 * Control characters, and the bidirectional overrides, embeddings, isolates and marks that make
 * "invoice\u202Efdp.exe" display as "invoiceexe.pdf"; zero-width characters hide in names too.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A name as typed by a person, without the characters that change how it displays. */
export function cleanDisplayName(raw: string): string {
  return raw.replace(UNSAFE_NAME_CHARACTERS, '').trim();
}

/** A display name from whatever the browser sent: no directories, no control characters, bounded. */
export function cleanOriginalName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = cleanDisplayName(base).replace(/^\.+/, '').trim().slice(0, 200);
  return cleaned || '未命名文件';
}
