import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { parseCsv } from './parseCsv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF line ends', () => {
    const table = parseCsv('\ufeffname,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\nplain,\r\n\r\n"",x\r\n');
    assert.deepEqual(table.header, ['name', 'note']);
    assert.deepEqual(table.records, [
      ['Smith, J', 'said "hi"\r\nthen left'],
      ['plain', ''],
      ['', 'x'],
    ]);
    assert.deepEqual(table.lineNumbers, [2, 4, 6]);
  });

  it('reads LF files and a last line without a line end', () => {
    const table = parseCsv('a,b\n1,2\n3,4');
    assert.deepEqual(table.records, [
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('refuses a record with the wrong number of fields, naming its line', () => {
    assert.throws(
      () => parseCsv('a,b\n1,2\n"x\ny",2,3\n', { sourceName: 'data.csv' }),
      (error: unknown) =>
        error instanceof ValidationError &&
        error.field === 'line 3' &&
        /data\.csv: line 3 has 3 fields, the header has 2/.test(error.message),
    );
  });

  it('refuses an unterminated quote and a stray quote, naming the line', () => {
    assert.throws(() => parseCsv('a,b\n1,"open\n'), /unterminated quoted field starting on line 2/);
    assert.throws(() => parseCsv('a,b\n1,2\n3,x"y\n'), /quote inside an unquoted field on line 3/);
    assert.throws(() => parseCsv('a,b\n"1"x,2\n'), /unexpected character after a closing quote on line 2/);
  });

  it('refuses an empty input', () => {
    assert.throws(() => parseCsv(''), ValidationError);
  });
});
