// A small, strict CSV reader for payment files (RFC 4180: comma-separated, optional double quotes
// with "" for a quote inside, LF, CRLF or lone CR line ends, an optional UTF-8 byte-order mark). Fields come
// out as strings; converting and checking them is the caller's job. Hand-written rather than a
// dependency because a million-row file must load in seconds and synchronously (scenario loading
// is synchronous), and the format we need is this small.

export interface CsvProblem {
  /** 1-based line where the problem starts. */
  readonly line: number;
  readonly message: string;
}

/**
 * Calls `onRow(fields, line)` for every record, the header included (line 1); `fields` is reused
 * between calls. Empty lines are skipped. Returns the structural problems found (an unclosed
 * quote, text after a closing quote); a record with such a problem is not passed on.
 */
export function forEachCsvRecord(text: string, onRow: (fields: string[], line: number) => void): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const fields: string[] = [];
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (pos < n) {
    const recordLine = line;
    fields.length = 0;
    let bad: string | null = null;
    // One record: fields until an unquoted line end or the end of the text.
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            bad ??= 'a quoted field is never closed';
            value += text.slice(from);
            pos = n;
            break;
          }
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        // Line breaks inside the quotes count as the line ends outside do (LF, CRLF, lone CR).
        for (let i = 0; i < value.length; i++) {
          const c = value.charCodeAt(i);
          if (c === LF || (c === CR && value.charCodeAt(i + 1) !== LF)) line++;
        }
        fields.push(value);
        const c = pos < n ? text.charCodeAt(pos) : LF;
        if (c !== COMMA && c !== LF && c !== CR) {
          bad ??= 'text after a closing quote (expected a comma or the end of the line)';
          while (pos < n && text.charCodeAt(pos) !== COMMA && text.charCodeAt(pos) !== LF && text.charCodeAt(pos) !== CR) pos++;
        }
      } else {
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          end++;
        }
        fields.push(text.slice(pos, end));
        pos = end;
      }
      if (pos >= n) break;
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      // Line end: CRLF or LF (a lone CR ends the line too).
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (bad !== null) problems.push({ line: recordLine, message: bad });
    else if (!(fields.length === 1 && fields[0] === '')) onRow(fields, recordLine);
  }
  return problems;
}

/** An optionally signed run of decimal digits, or null. Number() alone would accept '1e3', ' 7', '0x10'. */
export function integerField(text: string): number | null {
  const n = text.length;
  const negative = text.charCodeAt(0) === 0x2d;
  let i = negative ? 1 : 0;
  if (i >= n) return null;
  let value = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
    value = value * 10 + (c - 0x30);
  }
  // Up to 15 digits the running sum is exact; longer numbers go through Number (then checked for safety by the caller).
  if (n - (negative ? 1 : 0) > 15) return Number(text);
  return negative ? -value : value;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
