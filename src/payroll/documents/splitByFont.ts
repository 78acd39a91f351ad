import { toSepaText } from '../sepa/toSepaText.js';
import type { PdfFont } from './loadPdfFonts.js';

export type FontRun = { font: PdfFont; text: string };

const rightToLeft = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * Splits one line of `text` into runs, each drawn with one font, in the order they are drawn left to right:
 * the primary font where it has every glyph, else the first fallback that does. Characters no font has are
 * transliterated to Latin in the primary font ('Γ' → 'G'; CJK without a CJK font → '?'), so text is never
 * dropped nor drawn as empty boxes. Arabic and Hebrew words come as runs of one word each, in right-to-left
 * order: fontkit shapes and mirrors a word, but pdfkit lays words out left to right.
 * @example splitByFont('Mei 王', fonts.regular, fonts.fallbacks) // [{ font: regular, text: 'Mei ' }, { font: cjk, text: '王' }]
 */
export function splitByFont(text: string, primary: PdfFont, fallbacks: readonly PdfFont[]): FontRun[] {
  const runs: FontRun[] = [];
  let missing = '';
  const push = (font: PdfFont, piece: string) => {
    const last = runs.at(-1);
    if (last && last.font === font) last.text += piece;
    else runs.push({ font, text: piece });
  };
  const flushMissing = () => {
    if (!missing) return;
    push(primary, toSepaText(missing, Number.MAX_SAFE_INTEGER) || '?');
    missing = '';
  };
  for (const c of text.normalize('NFC')) {
    const codePoint = c.codePointAt(0)!;
    // A space stays with the run it is in, so words of one script are not split at their spaces.
    const last = runs.at(-1);
    const font =
      c === ' ' && last && !missing
        ? last.font
        : primary.hasGlyph(codePoint)
          ? primary
          : fallbacks.find((fallback) => fallback.hasGlyph(codePoint));
    if (font) {
      flushMissing();
      push(font, c);
    } else missing += c;
  }
  flushMissing();
  return rightToLeft.test(text) ? toVisualOrder(runs) : runs;
}

// A simple bidi for names and labels: every maximal sequence of right-to-left words (and the spaces between
// them) is reversed word by word; left-to-right text around it keeps its order.
function toVisualOrder(runs: FontRun[]): FontRun[] {
  const tokens: (FontRun & { rtl: boolean })[] = [];
  for (const run of runs)
    for (const piece of run.text.split(/( +)/))
      if (piece) tokens.push({ font: run.font, text: piece, rtl: rightToLeft.test(piece) });
  const ordered: FontRun[] = [];
  for (let i = 0; i < tokens.length; ) {
    if (!tokens[i]!.rtl) {
      const token = tokens[i++]!;
      const last = ordered.at(-1);
      if (last && last.font === token.font && !rightToLeft.test(last.text)) last.text += token.text;
      else ordered.push({ font: token.font, text: token.text });
      continue;
    }
    let end = i + 1;
    while (end + 1 < tokens.length && tokens[end]!.text.trim() === '' && tokens[end + 1]!.rtl) end += 2;
    for (let j = end - 1; j >= i; j--) ordered.push({ font: tokens[j]!.font, text: tokens[j]!.text });
    i = end;
  }
  return ordered;
}
