import PDFDocument from 'pdfkit';
import { loadPdfFonts, type PdfFont, type PdfFonts } from './loadPdfFonts.js';
import { splitByFont } from './splitByFont.js';

export type PdfTextStyle = {
  /** Font size in points; 9 by default. */
  size?: number | undefined;
  weight?: 'regular' | 'bold' | 'mono' | undefined;
  /** Fill colour, `#rrggbb`; the document's ink by default. */
  color?: string | undefined;
  /** With `width`, where the text sits in the box from `x` to `x + width`; left by default. */
  align?: 'left' | 'right' | 'center' | undefined;
  /** The box the text must fit: longer text is cut and ends with '…'. */
  width?: number | undefined;
};

export type CreatePdfDocumentParameters = {
  title: string;
  author: string;
  subject: string;
  /** The PDF's CreationDate; also seeds its file ID, so equal input gives equal bytes. */
  createdAt: Date;
  /** A4 upright (the default) or on its side, for wide tables. */
  layout?: 'portrait' | 'landscape' | undefined;
  fonts?: PdfFonts | undefined;
};

export type PdfDocument = ReturnType<typeof createPdfDocument>;

export const pdfColors = {
  ink: '#1f2933',
  muted: '#6b7683',
  accent: '#0f766e',
  accentLight: '#e6f2f1',
  rule: '#d9dee3',
  zebra: '#f5f7f8',
};

/** A4 upright in points, and the margins every Tandem document uses (swap width and height for landscape). */
export const pdfPage = { width: 595.28, height: 841.89, margin: 48 };

/**
 * An A4 pdfkit document with Tandem's fonts and a `text` that draws one line in any script at a baseline
 * (font fallback per run, right-to-left words reordered, cut to a width), plus `finish` to get the bytes.
 * @example const pdf = createPdfDocument({ title, author, subject, createdAt }); pdf.text('Net pay', 48, 100); const bytes = await pdf.finish()
 */
export function createPdfDocument(parameters: CreatePdfDocumentParameters) {
  const fonts = parameters.fonts ?? loadPdfFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: parameters.layout ?? 'portrait',
    margin: pdfPage.margin,
    autoFirstPage: false,
    // Kept until the end so footers can be drawn on every page ("page i of n"); documents are a few pages.
    bufferPages: true,
    info: {
      Title: parameters.title,
      Author: parameters.author,
      Subject: parameters.subject,
      Creator: 'Tandem',
      Producer: 'Tandem (pdfkit)',
      CreationDate: parameters.createdAt,
      ModDate: parameters.createdAt,
    },
    // No default font: pdfkit would parse Helvetica's metrics for every document, a fifth of a payslip's time;
    // every text call sets its font anyway.
    font: null as unknown as string,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const font of [fonts.regular, fonts.bold, fonts.mono, ...fonts.fallbacks])
    doc.registerFont(font.name, font.source as string);

  const primaryFont = (weight: PdfTextStyle['weight']): PdfFont =>
    weight === 'bold' ? fonts.bold : weight === 'mono' ? fonts.mono : fonts.regular;

  function measure(runs: { font: PdfFont; text: string }[], size: number): number {
    let width = 0;
    for (const run of runs) width += doc.font(run.font.name).fontSize(size).widthOfString(run.text);
    return width;
  }

  return {
    doc,
    fonts,
    /** Width of `text` in points when drawn in `style`. */
    widthOf(text: string, style: PdfTextStyle = {}): number {
      const primary = primaryFont(style.weight);
      return measure(splitByFont(text, primary, fonts.fallbacks), style.size ?? 9);
    },
    /** Draws one line of text with its baseline at `y`; returns the width drawn. */
    text(text: string, x: number, y: number, style: PdfTextStyle = {}): number {
      const size = style.size ?? 9;
      const primary = primaryFont(style.weight);
      let runs = splitByFont(text, primary, fonts.fallbacks);
      let width = measure(runs, size);
      if (style.width !== undefined && width > style.width) {
        // Cut character by character from the end until the text and an ellipsis fit.
        let kept = [...text];
        while (kept.length > 0 && width > style.width) {
          kept = kept.slice(0, -1);
          runs = splitByFont(`${kept.join('').trimEnd()}…`, primary, fonts.fallbacks);
          width = measure(runs, size);
        }
      }
      let cursor = x;
      if (style.width !== undefined && style.align === 'right') cursor = x + style.width - width;
      if (style.width !== undefined && style.align === 'center') cursor = x + (style.width - width) / 2;
      doc.fillColor(style.color ?? pdfColors.ink);
      for (const run of runs) {
        doc.font(run.font.name).fontSize(size);
        doc.text(run.text, cursor, y, { lineBreak: false, baseline: 'alphabetic' });
        cursor += doc.widthOfString(run.text);
      }
      return width;
    },
    /** A horizontal rule from `x1` to `x2`. */
    rule(x1: number, x2: number, y: number, color = pdfColors.rule, lineWidth = 0.6) {
      doc.moveTo(x1, y).lineTo(x2, y).lineWidth(lineWidth).strokeColor(color).stroke();
    },
    /** A filled rectangle (row shading, header band). */
    box(x: number, y: number, width: number, height: number, color: string, radius = 0) {
      if (radius > 0) doc.roundedRect(x, y, width, height, radius).fill(color);
      else doc.rect(x, y, width, height).fill(color);
    },
    /** Ends the document and resolves to its bytes. */
    finish(): Promise<Buffer> {
      doc.end();
      return ended;
    },
  };
}
