// A linear CSV scanner for the common case (RFC 4180 quoting, trimmed fields, blank lines skipped):
// one pass over the text, each field cut out once, with size caps checked before anything is copied.
// Quoting it cannot make sense of is handed back, so csv-parse can report it in its own words.

/** What `scanCsv` found: records with the line each starts on, or a quoting problem to report. */
export type CsvScan =
  | { ok: true; records: string[][]; lines: number[] }
  | { ok: false; quoting: true }
  | { ok: false; quoting: false; line: number; message: string };

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/**
 * Splits `text` into records of trimmed fields. Stops with `quoting: true` at a quote it cannot
 * parse (a quote inside an unquoted field, text after a closing quote, an unclosed quote), and with
 * a message when a field is longer than `maxField` or a record longer than `maxRecord` characters.
 */
export function scanCsv(text: string, delimiter: string, { maxField, maxRecord }: { maxField: number; maxRecord: number }): CsvScan {
  if (delimiter.length !== 1) return { ok: false, quoting: true }; // let csv-parse handle multi-character delimiters
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const records: string[][] = [];
  const lines: number[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      while (i < n && isBlank(text.charCodeAt(i))) i++;
      let value: string;
      if (i < n && text.charCodeAt(i) === 0x22) {
        quotedAny = true;
        const parts: string[] = [];
        let len = 0;
        let from = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) return { ok: false, quoting: true };
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === 0x0a) line++;
          len += q - from;
          if (len > maxField) return { ok: false, quoting: false, line: startLine, message: `a field longer than ${maxField} characters` };
          if (text.charCodeAt(q + 1) === 0x22) {
            parts.push(text.slice(from, q + 1));
            i = from = q + 2;
            len++;
            continue;
          }
          parts.push(text.slice(from, q));
          i = q + 1;
          break;
        }
        value = parts.length === 1 ? parts[0]! : parts.join('');
        while (i < n && isBlank(text.charCodeAt(i))) i++;
        const c = i < n ? text.charCodeAt(i) : -1;
        if (c !== -1 && c !== d && c !== 0x0a && c !== 0x0d) return { ok: false, quoting: true };
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === d || c === 0x0a || c === 0x0d) break;
          if (c === 0x22) return { ok: false, quoting: true };
          i++;
        }
        if (i - from > maxField) return { ok: false, quoting: false, line: startLine, message: `a field longer than ${maxField} characters` };
        value = text.slice(from, i).trim();
      }
      fields.push(value);
      if (i - start > maxRecord) return { ok: false, quoting: false, line: startLine, message: `a record longer than ${maxRecord} characters` };
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        continue;
      }
      break;
    }
    if (i < n && text.charCodeAt(i) === 0x0d) i++;
    if (i < n && text.charCodeAt(i) === 0x0a) i++;
    line++;
    if (fields.length === 1 && fields[0] === '' && !quotedAny) continue; // a blank line
    records.push(fields);
    lines.push(startLine);
  }
  return { ok: true, records, lines };
}
