/**
 * The seal's face, drawn by the project: a red ring, the department's name along the upper arc,
 * a five-pointed star in the middle and the seal's name below it — the layout of a Chinese
 * official round seal (公章). One geometry feeds both the SVG (web pages) and the PDF face.
 */
export const SEAL_RED = '#d0021b';

export interface SealGlyph {
  char: string;
  x: number;
  y: number;
  /** Clockwise rotation in degrees, so each character's top faces outward. */
  rotate: number;
}

export interface SealGeometry {
  size: number;
  ring: number;
  glyphs: SealGlyph[];
  glyphSize: number;
  star: [number, number][];
  label: { text: string; x: number; y: number; size: number };
}

/** Geometry in a `size` × `size` box (origin top-left, y down). */
export function sealGeometry(departmentName: string, sealName: string, size = 160): SealGeometry {
  const c = size / 2;
  const chars = [...departmentName];
  const glyphSize = Math.max(size * 0.085, Math.min(size * 0.13, (size * 2.6) / Math.max(chars.length, 1) / 2.2));
  const radius = c - size * 0.06 - glyphSize * 0.75;
  // The arc grows with the name, up to 250° (a long name packs tighter instead of closing the ring).
  const span = Math.min(250, chars.length * 24);
  const glyphs = chars.map((char, i) => {
    const angle = chars.length === 1 ? 0 : -span / 2 + (span * i) / (chars.length - 1);
    const rad = (angle * Math.PI) / 180;
    return { char, x: c + radius * Math.sin(rad), y: c - radius * Math.cos(rad), rotate: angle };
  });
  const outer = size * 0.16;
  const inner = outer * 0.382;
  const star: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = (i * 36 * Math.PI) / 180;
    star.push([c + r * Math.sin(a), c - r * Math.cos(a)]);
  }
  return {
    size,
    ring: size * 0.035,
    glyphs,
    glyphSize,
    star,
    label: { text: sealName, x: c, y: c + size * 0.28, size: Math.min(size * 0.09, (size * 0.62) / Math.max([...sealName].length, 1)) },
  };
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The seal as a standalone SVG (web pages, the public seal list). */
export function sealSvg(departmentName: string, sealName: string, size = 160): string {
  const g = sealGeometry(departmentName, sealName, size);
  const c = size / 2;
  const font = "font-family=\"'Noto Serif SC','SimSun','Songti SC',serif\" font-weight=\"bold\"";
  const glyphs = g.glyphs
    .map((glyph) => `<text x="0" y="0" transform="translate(${glyph.x.toFixed(2)} ${glyph.y.toFixed(2)}) rotate(${glyph.rotate.toFixed(2)})" font-size="${g.glyphSize.toFixed(2)}" text-anchor="middle" dominant-baseline="central">${escapeXml(glyph.char)}</text>`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    `<g fill="${SEAL_RED}" ${font}>`,
    `<circle cx="${c}" cy="${c}" r="${(c - g.ring / 2 - 1).toFixed(2)}" fill="none" stroke="${SEAL_RED}" stroke-width="${g.ring.toFixed(2)}"/>`,
    glyphs,
    `<polygon points="${g.star.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ')}"/>`,
    `<text x="${g.label.x}" y="${g.label.y.toFixed(2)}" font-size="${g.label.size.toFixed(2)}" text-anchor="middle" dominant-baseline="central">${escapeXml(g.label.text)}</text>`,
    '</g></svg>',
  ].join('');
}

/** The subset of pdfkit's document the seal needs (kept structural so this file has no pdfkit import). */
export interface PdfCanvas {
  save(): this;
  restore(): this;
  translate(x: number, y: number): this;
  rotate(angle: number, options?: { origin?: [number, number] }): this;
  circle(x: number, y: number, r: number): this;
  polygon(...points: [number, number][]): this;
  lineWidth(width: number): this;
  strokeColor(color: string): this;
  fillColor(color: string): this;
  stroke(): this;
  fill(color?: string): this;
  fillOpacity(opacity: number): this;
  strokeOpacity(opacity: number): this;
  font(name: string): this;
  fontSize(size: number): this;
  text(text: string, x?: number, y?: number, options?: Record<string, unknown>): this;
  widthOfString(text: string): number;
}

/** Draws the seal on a PDF page with its top-left corner at (x, y). `font` is a registered CJK font. */
export function drawSeal(doc: PdfCanvas, x: number, y: number, size: number, departmentName: string, sealName: string, font: string): void {
  const g = sealGeometry(departmentName, sealName, size);
  const c = size / 2;
  doc.save().translate(x, y).fillOpacity(0.85).strokeOpacity(0.85);
  doc.lineWidth(g.ring).strokeColor(SEAL_RED).circle(c, c, c - g.ring / 2 - 1).stroke();
  doc.fillColor(SEAL_RED).polygon(...g.star).fill();
  doc.font(font).fontSize(g.glyphSize);
  for (const glyph of g.glyphs) {
    doc.save().translate(glyph.x, glyph.y).rotate(glyph.rotate);
    const w = doc.widthOfString(glyph.char);
    doc.text(glyph.char, -w / 2, -g.glyphSize * 0.62, { lineBreak: false });
    doc.restore();
  }
  doc.fontSize(g.label.size);
  const w = doc.widthOfString(g.label.text);
  doc.text(g.label.text, g.label.x - w / 2, g.label.y - g.label.size * 0.62, { lineBreak: false });
  doc.restore();
}
