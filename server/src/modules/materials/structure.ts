import zlib from 'node:zlib';

/**
 * Structure checks beyond the magic bytes. A file that starts like a PDF or a PNG may still carry
 * a second life (a polyglot): an HTML page a browser would render, a PDF that runs JavaScript when
 * a clerk opens it, a ZIP glued after the image's end. Each check answers null when the file is
 * one clean document of its kind, or the reason (in Chinese, for the person uploading) otherwise.
 */

/** Markers of markup a browser would execute; none belongs in a scanned document or a photo. */
const MARKUP = /<(?:script|html|body|iframe|svg|object|embed|!doctype\s+html)[\s>/]|<\?php|javascript:/i;

/** PDF names that run code, open other programs, submit data or hide whole files inside the PDF. */
const ACTIVE_PDF_NAMES = new Map<string, string>([
  ['JavaScript', '含有 JavaScript 脚本'],
  ['JS', '含有 JavaScript 脚本'],
  ['AA', '含有自动执行的动作'],
  ['Launch', '含有启动外部程序的动作'],
  ['SubmitForm', '含有向外提交数据的表单动作'],
  ['ImportData', '含有导入外部数据的动作'],
  ['GoToR', '含有打开其他文件的动作'],
  ['GoToE', '含有打开嵌入文件的动作'],
  ['EmbeddedFile', '内嵌了其他文件'],
  ['EmbeddedFiles', '内嵌了其他文件'],
  ['FileAttachment', '内嵌了附件'],
  ['RichMedia', '含有多媒体或 Flash 内容'],
  ['XFA', '含有 XFA 动态表单（可执行脚本）'],
]);

const OBJECT_STREAM_BUDGET = 64 * 1024 * 1024;

export function checkPdf(content: Buffer): string | null {
  const text = content.toString('latin1');
  if (!/^%PDF-\d\.\d/.test(text)) return 'PDF 文件头不完整';
  const end = text.lastIndexOf('%%EOF');
  if (end < 0) return 'PDF 文件不完整（缺少文件结尾），请重新导出后上传';
  // A few line ends or NULs after the last %%EOF are what real writers leave; anything else is a
  // second file glued on.
  if (!/^[\r\n\t \0]*$/.test(text.slice(end + 5))) return 'PDF 文件结尾之后附带了其他数据';
  if (MARKUP.test(text)) return 'PDF 中夹带了网页或脚本代码';
  if (pdfNames(text).has('Encrypt')) return 'PDF 已加密，无法检查内容，请另存为未加密的 PDF 后上传';
  const found = activeName(pdfNames(text));
  if (found) return `PDF ${found}`;
  // Dictionaries can also sit compressed inside object streams (PDF 1.5+), so look inside those.
  let budget = OBJECT_STREAM_BUDGET;
  for (const stream of objectStreams(content, text)) {
    if (stream === 'unreadable') return 'PDF 中有无法检查的压缩对象（请另存为标准 PDF 后上传）';
    if (stream === 'plain') continue; // uncompressed: already read with the rest of the file
    let inflated: Buffer;
    try {
      inflated = zlib.inflateSync(stream, { maxOutputLength: budget });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'PDF 压缩内容过大，无法检查';
      return 'PDF 中有无法读取的压缩对象';
    }
    budget -= inflated.length;
    const names = inflated.toString('latin1');
    if (MARKUP.test(names)) return 'PDF 中夹带了网页或脚本代码';
    const hidden = activeName(pdfNames(names));
    if (hidden) return `PDF ${hidden}`;
  }
  return null;
}

/** Every name token (/Name) with its #xx escapes decoded, so /J#61vaScript is /JavaScript. */
function pdfNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/\/([^\s/<>[\](){}%]+)/g)) {
    const raw = match[1] as string;
    names.add(raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw);
  }
  return names;
}

function activeName(names: Set<string>): string | null {
  for (const [name, reason] of ACTIVE_PDF_NAMES) if (names.has(name)) return reason;
  return null;
}

/**
 * The raw data of each Flate-compressed object stream (/Type /ObjStm); 'plain' for an uncompressed
 * one and 'unreadable' for one under any other filter.
 */
function* objectStreams(content: Buffer, text: string): Generator<Buffer | 'plain' | 'unreadable'> {
  const keyword = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = keyword.exec(text))) {
    if (text.slice(match.index - 3, match.index) === 'end') continue;
    const dictStart = text.lastIndexOf('obj', match.index);
    if (dictStart < 0) continue;
    const names = pdfNames(text.slice(dictStart, match.index));
    const start = match.index + match[0].length;
    const stop = text.indexOf('endstream', start);
    if (stop < 0) return;
    keyword.lastIndex = stop + 9;
    if (!names.has('ObjStm')) continue;
    if (!names.has('Filter')) yield 'plain';
    else if (names.has('FlateDecode') && !/ASCII|LZW|RunLength|Crypt/.test([...names].join(' '))) yield content.subarray(start, stop);
    else yield 'unreadable';
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Walks the chunks: IHDR first, every CRC right, IEND last and nothing after it. */
export function checkPng(content: Buffer): string | null {
  if (!content.subarray(0, 8).equals(PNG_SIGNATURE)) return 'PNG 文件头不完整';
  let offset = 8;
  let first = true;
  while (offset + 12 <= content.length) {
    const length = content.readUInt32BE(offset);
    const type = content.subarray(offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type.toString('latin1'))) return 'PNG 文件结构损坏';
    if (offset + 12 + length > content.length) return 'PNG 文件不完整';
    const crc = content.readUInt32BE(offset + 8 + length);
    if (zlib.crc32(content.subarray(offset + 4, offset + 8 + length)) !== crc) return 'PNG 文件校验失败（内容损坏或被改动）';
    const name = type.toString('latin1');
    if (first && name !== 'IHDR') return 'PNG 文件结构损坏';
    first = false;
    offset += 12 + length;
    if (name === 'IEND') {
      if (offset !== content.length) return '图片结尾之后附带了其他数据（如压缩包），请用图片软件另存后上传';
      return MARKUP.test(content.toString('latin1')) ? '图片中夹带了网页或脚本代码' : null;
    }
  }
  return 'PNG 文件不完整';
}

/** Walks the JPEG's segments and entropy-coded data up to its EOI; nothing may follow but padding. */
export function checkJpeg(content: Buffer): string | null {
  if (content.length < 4 || content[0] !== 0xff || content[1] !== 0xd8) return 'JPEG 文件头不完整';
  let offset = 2;
  while (offset + 1 < content.length) {
    if (content[offset] !== 0xff) return 'JPEG 文件结构损坏';
    const marker = content[offset + 1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      const rest = content.subarray(offset + 2);
      if (!rest.every((b) => b === 0x00 || b === 0xff)) return '图片结尾之后附带了其他数据（如压缩包），请用图片软件另存后上传';
      return MARKUP.test(content.toString('latin1')) ? '图片中夹带了网页或脚本代码' : null;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (offset + 4 > content.length) break;
    const length = content.readUInt16BE(offset + 2);
    if (length < 2) return 'JPEG 文件结构损坏';
    offset += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data: a marker is 0xFF followed by anything but 0x00 (stuffing) or a restart.
      while (offset + 1 < content.length) {
        if (content[offset] === 0xff) {
          const next = content[offset + 1] as number;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        offset += 1;
      }
    }
  }
  return 'JPEG 文件不完整';
}

/** Entry names an OFD package has no use for and a browser or a desktop would run. */
const RISKY_ENTRY = /\.(?:html?|xhtml|js|mjs|svg|exe|dll|bat|cmd|com|scr|ps1|sh|jar|apk|vbs|hta|lnk|zip|rar|7z)$/i;

/**
 * OFD is a ZIP package: one central directory at the very end that accounts for every entry,
 * safe relative names, OFD.xml at the root, nothing prepended or appended.
 */
export function checkOfd(content: Buffer): string | null {
  const eocd = findEndOfCentralDirectory(content);
  if (eocd < 0) return 'OFD 文件不完整或结尾之后附带了其他数据';
  const entries = content.readUInt16LE(eocd + 10);
  const directorySize = content.readUInt32LE(eocd + 12);
  const directoryOffset = content.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) return 'OFD 文件格式不受支持（ZIP64）';
  if (directoryOffset + directorySize !== eocd) return 'OFD 文件结构异常（目录与内容不符）';
  let offset = directoryOffset;
  let hasRoot = false;
  for (let index = 0; index < entries; index += 1) {
    if (offset + 46 > eocd || content.readUInt32LE(offset) !== 0x02014b50) return 'OFD 文件结构异常（目录损坏）';
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    const localOffset = content.readUInt32LE(offset + 42);
    const name = content.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    if (localOffset + 30 > directoryOffset || content.readUInt32LE(localOffset) !== 0x04034b50) return 'OFD 文件结构异常（条目位置错误）';
    if (name.startsWith('/') || name.includes('\\') || name.split('/').includes('..') || /^[A-Za-z]:/.test(name)) return `OFD 包含不安全的路径：${name.slice(0, 60)}`;
    if (RISKY_ENTRY.test(name)) return `OFD 包含不应有的文件：${name.slice(0, 60)}`;
    if (name === 'OFD.xml') hasRoot = true;
    offset += 46 + nameLength + extraLength + commentLength;
  }
  if (offset !== eocd) return 'OFD 文件结构异常（目录与内容不符）';
  // The first entry starts the file: nothing (an HTML page, a PDF) may sit in front of the package.
  if (entries > 0 && content.readUInt32LE(0) !== 0x04034b50) return 'OFD 文件开头附带了其他数据';
  if (!hasRoot) return '不是 OFD 文件（根目录缺少 OFD.xml）';
  return null;
}

/** The end-of-central-directory record whose comment ends exactly at the end of the file, or -1. */
function findEndOfCentralDirectory(content: Buffer): number {
  for (let offset = content.length - 22; offset >= Math.max(0, content.length - 22 - 0xffff); offset -= 1) {
    if (content.readUInt32LE(offset) === 0x06054b50 && offset + 22 + content.readUInt16LE(offset + 20) === content.length) return offset;
  }
  return -1;
}
