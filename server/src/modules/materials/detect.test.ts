import { describe, expect, it } from 'vitest';
import { jpegImage, pdfWith, pdfWithObjectStream, pngImage, zipWith } from '../../test/files.js';
import { cleanOriginalName, detectContentType, inspectFile } from './detect.js';

describe('detectContentType', () => {
  it.each([
    ['PDF', pdfWith(), 'application/pdf'],
    ['PDF with an incremental update (two %%EOF)', Buffer.concat([pdfWith(), Buffer.from('4 0 obj << >> endobj\ntrailer << /Prev 9 >>\n%%EOF\r\n')]), 'application/pdf'],
    ['PDF with a harmless object stream', pdfWithObjectStream('1 0 << /Type /Catalog /Pages 2 0 R >>'), 'application/pdf'],
    ['JPEG', jpegImage(), 'image/jpeg'],
    ['PNG', pngImage(), 'image/png'],
    ['PNG with a text chunk', pngImage('Scanned by the window scanner'), 'image/png'],
    ['OFD', zipWith('Doc_0/Document.xml', 'OFD.xml'), 'application/ofd'],
  ])('recognises %s by its bytes and structure', (_label, bytes, type) => {
    expect(detectContentType(bytes)).toBe(type);
  });

  it.each([
    ['an executable named .pdf', Buffer.from('MZ\x90\x00 this program')],
    ['HTML', Buffer.from('<html><script>alert(1)</script>')],
    ['a plain ZIP (not OFD)', zipWith('readme.txt')],
    ['a ZIP with OFD.xml only in a folder', zipWith('x/OFD.xml')],
    ['an empty file', Buffer.alloc(0)],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e])],
  ])('rejects %s', (_label, bytes) => {
    expect(detectContentType(bytes)).toBeNull();
  });
});

describe('inspectFile refuses polyglots with the reason', () => {
  const zip = zipWith('payload.txt');
  it.each([
    ['a PDF that runs JavaScript on opening', pdfWith('4 0 obj << /Type /Action /S /JavaScript /JS (app.alert(1)) >> endobj\n'), 'PDF 含有 JavaScript 脚本'],
    ['a PDF whose /JavaScript is spelt with #xx escapes', pdfWith('4 0 obj << /S /J#61vaScript >> endobj\n'), 'PDF 含有 JavaScript 脚本'],
    ['a PDF with JavaScript hidden in a compressed object stream', pdfWithObjectStream('4 0 << /S /JavaScript /JS 6 0 R >>'), 'PDF 含有 JavaScript 脚本'],
    ['a PDF with an additional action', pdfWith('4 0 obj << /AA << /O 5 0 R >> >> endobj\n'), 'PDF 含有自动执行的动作'],
    ['a PDF launching a program', pdfWith('4 0 obj << /S /Launch /F (cmd.exe) >> endobj\n'), 'PDF 含有启动外部程序的动作'],
    ['a PDF carrying an embedded file', pdfWith('4 0 obj << /Type /EmbeddedFile >> endobj\n'), 'PDF 内嵌了其他文件'],
    ['a PDF carrying an HTML page', pdfWith('% <html><body onload=alert(1)>\n'), 'PDF 中夹带了网页或脚本代码'],
    ['a PDF with a ZIP after its end', Buffer.concat([pdfWith(), zip]), 'PDF 文件结尾之后附带了其他数据'],
    ['a PDF without its end', Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n'), 'PDF 文件不完整（缺少文件结尾），请重新导出后上传'],
    ['an encrypted PDF', pdfWith('4 0 obj << /Filter /Standard /V 2 >> endobj\ntrailer << /Encrypt 4 0 R >>\n'), 'PDF 已加密，无法检查内容，请另存为未加密的 PDF 后上传'],
    ['a PNG with a ZIP after IEND', Buffer.concat([pngImage(), zip]), '图片结尾之后附带了其他数据（如压缩包），请用图片软件另存后上传'],
    ['a PNG with a script in a text chunk', pngImage('<script>alert(1)</script>'), '图片中夹带了网页或脚本代码'],
    ['a PNG with a broken CRC', Buffer.concat([pngImage().subarray(0, 29), Buffer.from([0, 0, 0, 0]), pngImage().subarray(33)]), 'PNG 文件校验失败（内容损坏或被改动）'],
    ['a PNG signature followed by junk', Buffer.concat([pngImage().subarray(0, 8), Buffer.alloc(100)]), 'PNG 文件结构损坏'],
    ['a JPEG with a ZIP after EOI', Buffer.concat([jpegImage(), zip]), '图片结尾之后附带了其他数据（如压缩包），请用图片软件另存后上传'],
    ['a JPEG that never ends', jpegImage().subarray(0, 30), 'JPEG 文件不完整'],
    ['an OFD with data after the directory', Buffer.concat([zipWith('OFD.xml'), Buffer.from('<html>')]), 'OFD 文件不完整或结尾之后附带了其他数据'],
    ['an OFD carrying a script', zipWith('OFD.xml', 'Doc_0/run.js'), 'OFD 包含不应有的文件：Doc_0/run.js'],
    ['an OFD escaping its folder', zipWith('OFD.xml', '../../evil.xml'), 'OFD 包含不安全的路径：../../evil.xml'],
  ])('%s', (_label, bytes, reason) => {
    expect(inspectFile(bytes)).toEqual({ reason });
  });
});

describe('cleanOriginalName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\张三\\身份证.pdf', '身份证.pdf'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['.hidden', 'hidden'],
    ['a\u0000b\nc.pdf', 'abc.pdf'],
    ['', '未命名文件'],
    ['../', '未命名文件'],
    ['发票\u202Efdp.exe', '发票fdp.exe'],
    ['\u2066营业\u2069执照\u200E\u200F.pdf', '营业执照.pdf'],
    ['\u202A\u202B\u202C\u202D\u2067\u2068', '未命名文件'],
  ])('%j → %j', (raw, clean) => {
    expect(cleanOriginalName(raw)).toBe(clean);
  });
});
