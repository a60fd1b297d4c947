import zlib from 'node:zlib';

/**
 * The text of a PDF as pdfkit writes it, for tests: one line per text object (BT … ET), pages in
 * order. Reads the objects (streams by their /Length, direct or indirect), walks the page tree and
 * decodes each page's content with the fonts of its own resources, through each font's ToUnicode
 * CMap (codespace ranges, bfchar and bfrange, destinations of several UTF-16 units: ligatures such
 * as "fi" map to two characters, characters beyond the BMP to a surrogate pair). Fonts without a
 * ToUnicode CMap (the standard 14) are read byte by byte as Latin-1. Not a general PDF reader: no
 * encryption, no cross-reference streams, no inline images.
 */
export function extractPdfText(pdf: Buffer): string {
  const file = readObjects(pdf);
  const lines: string[] = [];
  for (const page of pages(file)) {
    const resources = asDict(file.resolve(page.get('Resources')));
    const contents = file.resolve(page.get('Contents'));
    const streams = (Array.isArray(contents) ? contents : [page.get('Contents')]).map((ref) => file.streamText(ref) ?? '');
    showText(file, streams.join('\n'), resources, lines, new Set());
  }
  return lines.join('\n');
}

// ————— Lexer and parser (PDF syntax, ISO 32000-1 §7.2–7.3) —————

class Name {
  constructor(readonly name: string) {}
}
class Ref {
  constructor(readonly num: number) {}
}
class Keyword {
  constructor(readonly op: string) {}
}
type Dict = Map<string, Value>;
type Value = number | boolean | null | Name | Ref | Buffer | Value[] | Dict;

type Token =
  | { kind: 'number'; value: number; integer: boolean; end: number }
  | { kind: 'string'; bytes: Buffer; end: number }
  | { kind: 'name'; name: string; end: number }
  | { kind: 'punct'; value: '[' | ']' | '<<' | '>>' | '{' | '}'; end: number }
  | { kind: 'keyword'; op: string; end: number };

const WHITESPACE = new Set(['\0', '\t', '\n', '\f', '\r', ' ']);
const DELIMITERS = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);
const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };

/** Tokens of a latin1 string (one character per byte). */
class Lexer {
  constructor(
    private readonly s: string,
    public pos = 0,
  ) {}

  next(): Token | null {
    const s = this.s;
    for (;;) {
      while (this.pos < s.length && WHITESPACE.has(s[this.pos]!)) this.pos++;
      if (s[this.pos] !== '%') break;
      while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
    }
    if (this.pos >= s.length) return null;
    const c = s[this.pos]!;
    if (c === '(') {
      const bytes = this.literalString();
      return { kind: 'string', bytes, end: this.pos };
    }
    if (c === '<' && s[this.pos + 1] === '<') return { kind: 'punct', value: '<<', end: (this.pos += 2) };
    if (c === '>' && s[this.pos + 1] === '>') return { kind: 'punct', value: '>>', end: (this.pos += 2) };
    if (c === '<') {
      const close = s.indexOf('>', this.pos);
      const stop = close < 0 ? s.length : close;
      // Whitespace inside a hex string is ignored; an odd last digit is followed by 0.
      const hex = s.slice(this.pos + 1, stop).replace(/[^0-9a-fA-F]/g, '');
      this.pos = Math.min(s.length, stop + 1);
      return { kind: 'string', bytes: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'), end: this.pos };
    }
    if (c === '[' || c === ']' || c === '{' || c === '}') return { kind: 'punct', value: c, end: ++this.pos };
    const start = c === '/' ? this.pos + 1 : this.pos;
    let end = start;
    while (end < s.length && !WHITESPACE.has(s[end]!) && !DELIMITERS.has(s[end]!)) end++;
    // A stray delimiter (")" or ">") is taken alone, as a keyword, so the lexer always moves on.
    if (c !== '/' && end === start) end = start + 1;
    const word = s.slice(start, end);
    this.pos = end;
    if (c === '/') return { kind: 'name', name: word.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), end };
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { kind: 'number', value: Number(word), integer: /^[+-]?\d+$/.test(word), end };
    return { kind: 'keyword', op: word, end };
  }

  private literalString(): Buffer {
    const s = this.s;
    const out: number[] = [];
    let depth = 1;
    this.pos++;
    while (this.pos < s.length) {
      const c = s[this.pos++]!;
      if (c === '\\') {
        const e = s[this.pos++];
        if (e === undefined) break;
        if (e in ESCAPES) out.push(ESCAPES[e]!);
        else if (e >= '0' && e <= '7') {
          let octal = e;
          while (octal.length < 3 && s[this.pos]! >= '0' && s[this.pos]! <= '7') octal += s[this.pos++];
          out.push(parseInt(octal, 8) & 0xff);
        } else if (e === '\r') {
          if (s[this.pos] === '\n') this.pos++;
        } else if (e !== '\n') out.push(e.charCodeAt(0));
      } else if (c === '(') {
        depth++;
        out.push(0x28);
      } else if (c === ')') {
        if (--depth === 0) break;
        out.push(0x29);
      } else out.push(c.charCodeAt(0));
    }
    return Buffer.from(out);
  }
}

/** Values from tokens; a keyword other than true/false/null comes back as a Keyword (an operator). */
class Parser {
  private readonly ahead: Token[] = [];
  constructor(private readonly lexer: Lexer) {}

  private peek(i: number): Token | null {
    while (this.ahead.length <= i) {
      const token = this.lexer.next();
      if (!token) return null;
      this.ahead.push(token);
    }
    return this.ahead[i]!;
  }

  /** The next token, for a caller that needs where it ends (the `stream` keyword). */
  token(): Token | null {
    const token = this.peek(0);
    this.ahead.shift();
    return token;
  }

  /** The next value or operator; `]` and `>>` end the array or dictionary being read. */
  read(): Value | Keyword | ']' | '>>' | undefined {
    const t = this.token();
    if (!t) return undefined;
    switch (t.kind) {
      case 'number': {
        const generation = this.peek(0);
        const r = this.peek(1);
        if (t.integer && generation?.kind === 'number' && generation.integer && r?.kind === 'keyword' && r.op === 'R') {
          this.ahead.splice(0, 2);
          return new Ref(t.value);
        }
        return t.value;
      }
      case 'string':
        return t.bytes;
      case 'name':
        return new Name(t.name);
      case 'keyword':
        return t.op === 'true' ? true : t.op === 'false' ? false : t.op === 'null' ? null : new Keyword(t.op);
      case 'punct': {
        if (t.value === ']' || t.value === '>>') return t.value;
        if (t.value === '[') {
          const items: Value[] = [];
          for (let v = this.read(); v !== undefined && v !== ']'; v = this.read()) if (v !== '>>' && !(v instanceof Keyword)) items.push(v);
          return items;
        }
        if (t.value === '<<') {
          const dict: Dict = new Map();
          for (let k = this.read(); k !== undefined && k !== '>>'; k = this.read()) {
            const v = this.read();
            if (v === undefined || v === '>>') break;
            if (k instanceof Name && v !== ']' && !(v instanceof Keyword)) dict.set(k.name, v);
          }
          return dict;
        }
        return null; // { } only in PostScript functions
      }
    }
  }
}

const asDict = (v: Value | undefined): Dict | undefined => (v instanceof Map ? v : undefined);
const asName = (v: Value | undefined): string | undefined => (v instanceof Name ? v.name : undefined);

// ————— Objects —————

interface PdfObject {
  value: Value;
  /** The stream's bytes as stored, still encoded. */
  stream?: Buffer;
}

interface PdfFile {
  objects: Map<number, PdfObject>;
  resolve(v: Value | undefined): Value | undefined;
  /** A stream's decoded bytes as latin1 text, or undefined if it is not a stream or not decodable. */
  streamText(v: Value | undefined): string | undefined;
}

function readObjects(pdf: Buffer): PdfFile {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  // Indirect /Length: the number object, found by its header without parsing the file first.
  const integerObject = (num: number) => {
    const m = new RegExp(`(?<![0-9])${num}\\s+\\d+\\s+obj\\s*(\\d+)\\s*endobj`).exec(raw);
    return m ? Number(m[1]) : undefined;
  };
  const header = /(?<![0-9])(\d+)\s+(\d+)\s+obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = header.exec(raw))) {
    const parser = new Parser(new Lexer(raw, header.lastIndex));
    const value = parser.read();
    if (value === undefined) break;
    const object: PdfObject = { value: value instanceof Keyword || value === ']' || value === '>>' ? null : value };
    objects.set(Number(m[1]), object);
    const after = parser.token();
    header.lastIndex = after?.end ?? raw.length;
    if (after?.kind === 'keyword' && after.op === 'stream') {
      let start = after.end;
      if (raw[start] === '\r') start++;
      if (raw[start] === '\n') start++;
      const length = asDict(object.value)?.get('Length');
      const bytes = typeof length === 'number' ? length : length instanceof Ref ? integerObject(length.num) : undefined;
      // Without a usable length, the stream runs to the first "endstream" (compressed bytes may hold it).
      const stop = bytes !== undefined && start + bytes <= raw.length ? start + bytes : Math.max(start, raw.indexOf('endstream', start));
      object.stream = pdf.subarray(start, stop);
      const endobj = raw.indexOf('endobj', stop);
      header.lastIndex = endobj < 0 ? raw.length : endobj + 'endobj'.length;
    }
  }

  const resolve = (v: Value | undefined, depth = 0): Value | undefined => (v instanceof Ref && depth < 32 ? resolve(objects.get(v.num)?.value, depth + 1) : v);
  const decoded = new Map<number, string | undefined>();
  const streamText = (v: Value | undefined): string | undefined => {
    if (!(v instanceof Ref)) return undefined;
    if (decoded.has(v.num)) return decoded.get(v.num);
    const object = objects.get(v.num);
    let text: string | undefined;
    if (object?.stream) {
      const filter = resolve(asDict(object.value)?.get('Filter'));
      const filters = (Array.isArray(filter) ? filter : filter === undefined ? [] : [filter]).map((f) => asName(resolve(f)));
      let bytes: Buffer | undefined = object.stream;
      for (const f of filters) {
        if (f !== 'FlateDecode' || !bytes) {
          bytes = undefined;
          break;
        }
        try {
          bytes = zlib.inflateSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
        } catch {
          bytes = undefined;
        }
      }
      text = bytes?.toString('latin1');
    }
    decoded.set(v.num, text);
    return text;
  };
  return { objects, resolve, streamText };
}

/** The pages in order, from the catalogue's page tree, each with the attributes it inherits. */
function pages(file: PdfFile): Dict[] {
  const catalog = [...file.objects.values()].map((o) => asDict(o.value)).find((d) => asName(d?.get('Type')) === 'Catalog');
  const out: Dict[] = [];
  const seen = new Set<Dict>();
  const walk = (node: Dict | undefined, inherited: Dict) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    const attributes: Dict = new Map(inherited);
    for (const key of ['Resources', 'MediaBox', 'CropBox', 'Rotate']) if (node.has(key)) attributes.set(key, node.get(key)!);
    const kids = file.resolve(node.get('Kids'));
    if (asName(node.get('Type')) === 'Pages' || Array.isArray(kids)) {
      for (const kid of Array.isArray(kids) ? kids : []) walk(asDict(file.resolve(kid)), attributes);
    } else {
      out.push(new Map([...attributes, ...node]));
    }
  };
  walk(asDict(file.resolve(catalog?.get('Pages'))), new Map());
  return out;
}

// ————— Fonts —————

interface FontDecoder {
  decode(bytes: Buffer): string;
}

const utf16 = (bytes: Buffer): string => {
  if (bytes.length % 2) return bytes.toString('latin1');
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) s += String.fromCharCode(bytes.readUInt16BE(i));
  return s;
};

/** A ToUnicode CMap (ISO 32000-1 §9.10.3): codespace ranges, then bfchar and bfrange entries. */
export function readToUnicode(cmap: string): FontDecoder {
  const ranges: { width: number; low: number; high: number }[] = [];
  const map = new Map<string, string>();
  const key = (code: number, width: number) => code.toString(16).padStart(width * 2, '0');
  const parser = new Parser(new Lexer(cmap));
  let operands: Value[] = [];
  for (let v = parser.read(); v !== undefined; v = parser.read()) {
    if (v === ']' || v === '>>') continue;
    if (!(v instanceof Keyword)) {
      operands.push(v);
      continue;
    }
    const buffers = operands.filter((o) => Buffer.isBuffer(o) || Array.isArray(o));
    if (v.op === 'endcodespacerange') {
      for (let i = 0; i + 1 < buffers.length; i += 2) {
        const [low, high] = [buffers[i], buffers[i + 1]];
        if (Buffer.isBuffer(low) && Buffer.isBuffer(high) && low.length > 0) ranges.push({ width: low.length, low: low.readUIntBE(0, Math.min(low.length, 6)), high: high.readUIntBE(0, Math.min(high.length, 6)) });
      }
    } else if (v.op === 'endbfchar') {
      for (let i = 0; i + 1 < buffers.length; i += 2) {
        const [code, target] = [buffers[i], buffers[i + 1]];
        if (Buffer.isBuffer(code) && Buffer.isBuffer(target) && code.length > 0) map.set(code.toString('hex'), utf16(target));
      }
    } else if (v.op === 'endbfrange') {
      for (let i = 0; i + 2 < buffers.length; i += 3) {
        const [low, high, target] = [buffers[i], buffers[i + 1], buffers[i + 2]];
        if (!Buffer.isBuffer(low) || !Buffer.isBuffer(high) || low.length === 0) continue;
        const width = low.length;
        const from = low.readUIntBE(0, Math.min(width, 6));
        const to = high.readUIntBE(0, Math.min(high.length, 6));
        for (let code = from; code <= to && code - from < 0x10000; code++) {
          if (Array.isArray(target)) {
            // One destination per code, each any number of UTF-16 units.
            const item = target[code - from];
            map.set(key(code, width), Buffer.isBuffer(item) ? utf16(item) : '');
          } else if (Buffer.isBuffer(target) && target.length > 0) {
            // The destination's last unit counts up with the code.
            const next = Buffer.from(target);
            const last = next.length >= 2 ? next.length - 2 : 0;
            const unitWidth = next.length >= 2 ? 2 : 1;
            next.writeUIntBE((next.readUIntBE(last, unitWidth) + code - from) % (unitWidth === 2 ? 0x10000 : 0x100), last, unitWidth);
            map.set(key(code, width), utf16(next));
          }
        }
      }
    }
    operands = [];
  }
  if (ranges.length === 0) {
    const widths = new Set([...map.keys()].map((k) => k.length / 2));
    for (const width of widths.size ? widths : [2]) ranges.push({ width, low: 0, high: 256 ** width - 1 });
  }
  ranges.sort((a, b) => a.width - b.width);
  return {
    decode(bytes) {
      let text = '';
      for (let i = 0; i < bytes.length; ) {
        const range = ranges.find((r) => i + r.width <= bytes.length && bytes.readUIntBE(i, r.width) >= r.low && bytes.readUIntBE(i, r.width) <= r.high);
        const width = range?.width ?? ranges[0]!.width;
        text += map.get(bytes.subarray(i, i + width).toString('hex')) ?? '';
        i += width;
      }
      return text;
    },
  };
}

const LATIN1: FontDecoder = { decode: (bytes) => bytes.toString('latin1') };
const NOTHING: FontDecoder = { decode: () => '' };

function fontDecoder(file: PdfFile, ref: Value | undefined, cache: Map<Value, FontDecoder>): FontDecoder {
  const cached = ref !== undefined && cache.get(ref instanceof Ref ? ref.num : ref);
  if (cached) return cached;
  const font = asDict(file.resolve(ref));
  const cmap = file.streamText(font?.get('ToUnicode'));
  const decoder = cmap !== undefined ? readToUnicode(cmap) : asName(font?.get('Subtype')) === 'Type0' ? NOTHING : LATIN1;
  if (ref !== undefined) cache.set(ref instanceof Ref ? ref.num : ref, decoder);
  return decoder;
}

// ————— Content streams —————

const fontCaches = new WeakMap<PdfFile, Map<Value, FontDecoder>>();

/** Runs a content stream's text operators, pushing one line per text object; forms are followed. */
function showText(file: PdfFile, content: string, resources: Dict | undefined, lines: string[], forms: Set<number>): void {
  let cache = fontCaches.get(file);
  if (!cache) fontCaches.set(file, (cache = new Map()));
  const fonts = asDict(file.resolve(resources?.get('Font')));
  const xobjects = asDict(file.resolve(resources?.get('XObject')));
  // The font is part of the graphics state: kept across text objects, saved by q, restored by Q.
  const saved: (FontDecoder | undefined)[] = [];
  let font: FontDecoder | undefined;
  let line = '';
  let operands: Value[] = [];
  const parser = new Parser(new Lexer(content));
  const show = (v: Value | undefined) => {
    if (Buffer.isBuffer(v) && font) line += font.decode(v);
  };
  for (let v = parser.read(); v !== undefined; v = parser.read()) {
    if (v === ']' || v === '>>') continue;
    if (!(v instanceof Keyword)) {
      operands.push(v);
      continue;
    }
    switch (v.op) {
      case 'q':
        saved.push(font);
        break;
      case 'Q':
        if (saved.length) font = saved.pop();
        break;
      case 'BT':
        line = '';
        break;
      case 'ET':
        if (line) lines.push(line);
        line = '';
        break;
      case 'Tf': {
        const name = asName(operands[0]);
        font = name === undefined ? undefined : fontDecoder(file, fonts?.get(name), cache);
        break;
      }
      case 'Tj':
      case "'":
        show(operands[0]);
        break;
      case '"':
        show(operands[2]);
        break;
      case 'TJ':
        for (const item of Array.isArray(operands[0]) ? operands[0] : []) show(item);
        break;
      case 'Do': {
        const name = asName(operands[0]);
        const ref = name === undefined ? undefined : xobjects?.get(name);
        const form = asDict(file.resolve(ref));
        if (ref instanceof Ref && asName(form?.get('Subtype')) === 'Form' && !forms.has(ref.num)) {
          forms.add(ref.num);
          showText(file, file.streamText(ref) ?? '', asDict(file.resolve(form?.get('Resources'))) ?? resources, lines, forms);
          forms.delete(ref.num);
        }
        break;
      }
    }
    operands = [];
  }
  if (line) lines.push(line);
}
