import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

// pdfkit's built-in Helvetica covers only Windows-1252 (Western European) text. Names in Greek, Cyrillic,
// Arabic, Chinese … need TrueType fonts, which we take from Debian's font packages rather than ship in the repo:
//   fonts-dejavu-core     DejaVu Sans (regular, bold, mono): Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian …
//   fonts-wqy-microhei    WenQuanYi Micro Hei: Chinese, Japanese kana, Korean Hangul (1.6 MB download)
// (Droid Sans Fallback, from fonts-droid-fallback, is used when it is there instead; it lacks Hangul.)
// Each piece of text is drawn in the first font that has a glyph for every character of that run (see
// `splitByFont`). Without DejaVu the documents fall back to Helvetica and transliterate what it cannot show, so
// a missing package costs looks, never a payslip.

/** A font pdfkit can embed: the parsed fontkit font object, shared by every document of this process. */
export type PdfFont = {
  /** Name for pdfkit's font registry, unique per font. */
  name: string;
  /** Whether the font has a glyph for this code point. */
  hasGlyph: (codePoint: number) => boolean;
  /** What `doc.font()` takes: a standard font name, or a fontkit font object pdfkit embeds (subset) per document. */
  source: string | object;
};

export type PdfFonts = {
  regular: PdfFont;
  bold: PdfFont;
  mono: PdfFont;
  /** Tried in order for characters the regular (or bold) font lacks. */
  fallbacks: PdfFont[];
  /** False when only the built-in Helvetica family was found: text is transliterated to what it can show. */
  unicode: boolean;
};

export type LoadPdfFontsOptions = {
  /** Override the font files (tests use this to check the Helvetica fallback). */
  regularFile?: string | undefined;
  boldFile?: string | undefined;
  monoFile?: string | undefined;
  /** Fonts for what the regular font lacks; `family` picks one font of a collection (.ttc). */
  fallbackFiles?: readonly { file: string; family?: string | undefined }[] | undefined;
};

const debianFonts = {
  regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  mono: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  fallbacks: [
    { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
    { file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  ],
};

// Windows-1252 beyond Latin-1: what Helvetica can draw besides U+0020–U+007E and U+00A0–U+00FF.
const winAnsiExtras = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'].map((c) => c.codePointAt(0)!));
function helvetica(name: string): PdfFont {
  return {
    name,
    source: name,
    hasGlyph: (cp) => (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || winAnsiExtras.has(cp),
  };
}

const cache = new Map<string, PdfFonts>();

/**
 * The fonts documents are drawn with: DejaVu Sans and the CJK fallback when Debian's packages are installed,
 * Helvetica otherwise. Files are read and parsed once per process.
 */
export function loadPdfFonts(options: LoadPdfFontsOptions = {}): PdfFonts {
  const key = JSON.stringify(options);
  const cached = cache.get(key);
  if (cached) return cached;
  const regular = openFont(options.regularFile ?? debianFonts.regular, 'Body');
  const bold = regular && openFont(options.boldFile ?? debianFonts.bold, 'Body-Bold');
  const mono = regular && openFont(options.monoFile ?? debianFonts.mono, 'Mono');
  const fallbacks = (options.fallbackFiles ?? debianFonts.fallbacks)
    .map(({ file, family }, i) => openFont(file, `Fallback-${i}`, family))
    .filter((font): font is PdfFont => font !== undefined);
  const fonts: PdfFonts =
    regular && bold
      ? { regular, bold, mono: mono ?? helvetica('Courier'), fallbacks, unicode: true }
      : {
          regular: helvetica('Helvetica'),
          bold: helvetica('Helvetica-Bold'),
          mono: helvetica('Courier'),
          fallbacks: [],
          unicode: false,
        };
  cache.set(key, fonts);
  return fonts;
}

type FontkitFont = { layout?: unknown; hasGlyphForCodePoint?: (codePoint: number) => boolean };

function openFont(file: string, name: string, family?: string): PdfFont | undefined {
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  // pdfkit parses a font file with fontkit on every doc.font(buffer) call. Parsing once and handing pdfkit the
  // parsed font (its font factory takes any object with `layout`) saves that work on each of a thousand
  // payslips, and fontkit's glyph and layout caches then serve them all. The parsed font is reached through
  // pdfkit's `_font`; should a pdfkit release move it, the font bytes are used as they are (slower, same PDF).
  const probe = new PDFDocument({ autoFirstPage: false });
  const font = (probe.font(bytes, family ?? '') as unknown as { _font?: { font?: FontkitFont } })._font?.font;
  probe.end();
  const hasGlyph = font?.hasGlyphForCodePoint?.bind(font);
  if (!hasGlyph) return undefined;
  if (typeof font?.layout !== 'function' && family) return undefined;
  return { name, source: typeof font?.layout === 'function' ? font : bytes, hasGlyph };
}
