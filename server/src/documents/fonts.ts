import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * A CJK font pdfkit can embed. The npm package @embedpdf/fonts-sc (Noto Sans Hans, OFL) comes with
 * `npm install`, so a fresh machine renders Chinese; common system fonts are the fallback.
 */
export function findCjkFont(): { regular: string; bold: string } | null {
  try {
    // The package's exports hide package.json; its entry point sits in dist/, the fonts beside it.
    const dir = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    const regular = path.join(dir, 'NotoSansHans-Regular.otf');
    const bold = path.join(dir, 'NotoSansHans-Bold.otf');
    if (fs.existsSync(regular)) return { regular, bold: fs.existsSync(bold) ? bold : regular };
  } catch {
    // Not installed: try the system's fonts below.
  }
  for (const candidate of [
    '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    '/usr/share/fonts/truetype/arphic/uming.ttc',
    '/System/Library/Fonts/PingFang.ttc',
    'C:\\Windows\\Fonts\\simhei.ttf',
  ]) {
    if (fs.existsSync(candidate)) return { regular: candidate, bold: candidate };
  }
  return null;
}

let cachedFontData: { regular: Buffer; bold: Buffer } | null | undefined;

/**
 * The CJK font files' bytes, read once per process: the fonts are 8 MB each, and reading them for
 * every document (pdfkit reads a path on each registerFont) was half the time of a sealed notice.
 */
export function cjkFontData(): { regular: Buffer; bold: Buffer } | null {
  if (cachedFontData === undefined) {
    const font = findCjkFont();
    cachedFontData = font ? { regular: fs.readFileSync(font.regular), bold: font.bold === font.regular ? fs.readFileSync(font.regular) : fs.readFileSync(font.bold) } : null;
  }
  return cachedFontData;
}
