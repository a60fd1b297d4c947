import zlib from 'node:zlib';

/**
 * The text of a pdfkit PDF, for tests: reads the objects, inflates their streams, maps each font
 * resource (/F1 …) to its ToUnicode CMap and decodes the hex strings of the text operators with
 * the font in force. Enough for pdfkit's own output (Identity-H fonts), not a general PDF reader.
 */
export function extractPdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream?: string }>();
  const objRe = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = objRe.exec(raw))) {
    let end = raw.indexOf('endobj', objRe.lastIndex);
    if (end < 0) break;
    let body = raw.slice(objRe.lastIndex, end);
    const s = body.search(/stream\r?\n/);
    if (s >= 0) {
      const start = objRe.lastIndex + s + body.slice(s).match(/^stream\r?\n/)![0].length;
      // Compressed bytes may hold "endobj" by chance: a direct /Length says where the stream ends.
      const length = /\/Length (\d+)(?!\s+\d+\s+R)/.exec(body.slice(0, s));
      if (length) {
        end = raw.indexOf('endobj', start + Number(length[1]));
        if (end < 0) break;
        body = raw.slice(objRe.lastIndex, end);
      }
      const stop = length ? start + Number(length[1]) : raw.lastIndexOf('endstream', end);
      const bytes = pdf.subarray(start, stop);
      let stream: string;
      try {
        stream = zlib.inflateSync(bytes).toString('latin1');
      } catch {
        stream = bytes.toString('latin1');
      }
      objects.set(Number(m[1]), { dict: body.slice(0, s), stream });
    } else {
      objects.set(Number(m[1]), { dict: body });
    }
    objRe.lastIndex = end;
  }

  // Font resource name → glyph code → text.
  const fonts = new Map<string, Map<string, string>>();
  for (const { dict } of objects.values()) {
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(dict);
    if (!fontDict) continue;
    for (const ref of fontDict[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(ref[2]));
      const toUnicode = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
      const cmap = toUnicode && objects.get(Number(toUnicode[1]))?.stream;
      if (cmap) fonts.set(ref[1]!, readCMap(cmap));
    }
  }

  const lines: string[] = [];
  for (const { stream } of objects.values()) {
    if (!stream || !/\bBT\b/.test(stream)) continue;
    let font: Map<string, string> | undefined;
    for (const block of stream.split(/\bET\b/)) {
      let line = '';
      for (const token of block.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]+)>/g)) {
        if (token[1]) font = fonts.get(token[1]);
        else if (font) {
          const hex = token[2]!;
          for (let i = 0; i + 4 <= hex.length; i += 4) line += font.get(hex.slice(i, i + 4).toLowerCase()) ?? '';
        }
      }
      if (line) lines.push(line);
    }
  }
  return lines.join('\n');
}

function readCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => {
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(pair[1]!.toLowerCase().padStart(4, '0'), utf16(pair[2]!));
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(range[1]!, 16);
      const to = parseInt(range[2]!, 16);
      const target = range[3]!;
      if (target.startsWith('[')) {
        const items = [...target.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => utf16(x[1]!));
        for (let c = from; c <= to; c++) map.set(c.toString(16).padStart(4, '0'), items[c - from] ?? '');
      } else {
        const base = parseInt(target.slice(1, -1), 16);
        for (let c = from; c <= to; c++) map.set(c.toString(16).padStart(4, '0'), String.fromCharCode(base + c - from));
      }
    }
  }
  return map;
}
