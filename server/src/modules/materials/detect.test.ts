import { describe, expect, it } from 'vitest';
import { zipWith } from '../../test/files.js';
import { cleanOriginalName, detectContentType } from './detect.js';

describe('detectContentType', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['OFD', zipWith('Doc_0/Document.xml', 'OFD.xml'), 'application/ofd'],
  ])('recognises %s by its bytes', (_label, bytes, type) => {
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

describe('cleanOriginalName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\张三\\身份证.pdf', '身份证.pdf'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['.hidden', 'hidden'],
    ['a\u0000b\nc.pdf', 'abc.pdf'],
    ['', '未命名文件'],
    ['../', '未命名文件'],
  ])('%j → %j', (raw, clean) => {
    expect(cleanOriginalName(raw)).toBe(clean);
  });
});
