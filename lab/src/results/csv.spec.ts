import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { CsvSyntaxError, formatCsvRow, parseCsv } from './csv';

describe('csv', () => {
  it('quotes like Python csv QUOTE_MINIMAL and ends rows with CRLF', () => {
    assert.equal(formatCsvRow(['a', 'b,c', 'say "hi"', 'x\ny', '']), 'a,"b,c","say ""hi""","x\ny",\r\n');
  });

  it('parses quoted fields across lines and reports the starting line of each record', () => {
    const records = parseCsv('h1,h2\r\n"multi\nline",2\r\n\r\nlast,"q""uote"');
    assert.deepEqual(records, [
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['multi\nline', '2'] },
      { line: 5, fields: ['last', 'q"uote'] },
    ]);
  });

  it('round-trips what it formats', () => {
    const fields = ['POST', '/predict', "CatchResponseError('status 503')", 'a,"b"'];
    assert.deepEqual(parseCsv(formatCsvRow(fields))[0].fields, fields);
  });

  it('rejects an unterminated quoted field, naming the line', () => {
    assert.throws(
      () => parseCsv('a,b\n"open,2\n'),
      (error: unknown) => error instanceof CsvSyntaxError && /line 2/.test(String(error)),
    );
  });
});
