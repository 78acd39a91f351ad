import { ValidationError } from '../../errors/BaseError.js';

export type CsvTable = {
  /** Header fields exactly as written (not trimmed). */
  header: string[];
  /** Data records; each has `header.length` fields. */
  records: string[][];
  /** The 1-based line on which each record starts (the header is line 1 unless blank lines precede it). */
  lineNumbers: number[];
};

export type ParseCsvOptions = {
  /** Named in error messages, e.g. the file path. */
  sourceName?: string | undefined;
};

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes (`""` escapes a quote, quoted fields may
 * hold commas and line breaks), LF or CRLF line ends, an optional UTF-8 byte-order mark. Blank lines are skipped.
 * A record with the wrong number of fields, an unterminated quote or a quote inside an unquoted field is refused
 * with a ValidationError naming the line.
 * @example parseCsv('a,b\r\n1,"x, y"\r\n') // { header: ['a', 'b'], records: [['1', 'x, y']], lineNumbers: [2] }
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const where = options.sourceName ? `${options.sourceName}: ` : '';
  const rows: string[][] = [];
  const rowLines: number[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const length = text.length;

  while (start < length) {
    const recordLine = line;
    const fields: string[] = [];
    let position = start;
    let atRecordEnd = false;
    while (!atRecordEnd) {
      let field: string;
      if (text.charCodeAt(position) === 34 /* " */) {
        // Quoted field: read up to the closing quote, unescaping "".
        let value = '';
        let chunkStart = position + 1;
        let cursor = chunkStart;
        for (;;) {
          const quote = text.indexOf('"', cursor);
          if (quote === -1)
            throw new ValidationError(`${where}unterminated quoted field starting on line ${recordLine}`, {
              field: `line ${recordLine}`,
            });
          for (let i = cursor; i < quote; i++) if (text.charCodeAt(i) === 10) line++;
          if (text.charCodeAt(quote + 1) === 34) {
            value += text.slice(chunkStart, quote + 1);
            chunkStart = quote + 2;
            cursor = quote + 2;
            continue;
          }
          value += text.slice(chunkStart, quote);
          position = quote + 1;
          break;
        }
        field = value;
        const next = text.charCodeAt(position);
        if (position < length && next !== 44 && next !== 10 && next !== 13)
          throw new ValidationError(`${where}unexpected character after a closing quote on line ${line}`, {
            field: `line ${line}`,
            details: `field ${fields.length + 1} of the record starting on line ${recordLine}`,
          });
      } else {
        let end = position;
        while (end < length) {
          const code = text.charCodeAt(end);
          if (code === 44 || code === 10 || code === 13) break;
          if (code === 34)
            throw new ValidationError(`${where}quote inside an unquoted field on line ${line}`, {
              field: `line ${line}`,
              details: `field ${fields.length + 1}; quote the whole field and double the inner quote`,
            });
          end++;
        }
        field = text.slice(position, end);
        position = end;
      }
      fields.push(field);
      const code = text.charCodeAt(position);
      if (code === 44) {
        position++;
        continue;
      }
      atRecordEnd = true;
      if (code === 13) position++;
      if (text.charCodeAt(position) === 10) position++;
      if (position <= length) line++;
    }
    start = position;
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    rows.push(fields);
    rowLines.push(recordLine);
  }

  const header = rows[0];
  if (!header) throw new ValidationError(`${where}the CSV is empty: no header line`, { field: 'line 1' });
  const records = rows.slice(1);
  const lineNumbers = rowLines.slice(1);
  for (let i = 0; i < records.length; i++) {
    const fieldCount = records[i]?.length ?? 0;
    if (fieldCount !== header.length)
      throw new ValidationError(
        `${where}line ${lineNumbers[i]} has ${fieldCount} fields, the header has ${header.length}`,
        { field: `line ${lineNumbers[i]}` },
      );
  }
  return { header, records, lineNumbers };
}
