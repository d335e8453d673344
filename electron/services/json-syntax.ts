/**
 * JSON.parse with an error a user can act on: "<file>: not valid JSON at line 3 column 9
 * (expected ',' or '}')". V8's messages give a position for some mistakes only, so the
 * position comes from our own scan of the text, which stops at the first mistake.
 */
export function parseJson(text: string, file: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const found = findJsonError(body) ?? { offset: 0, problem: error instanceof Error ? error.message : String(error) };
    const { line, column } = lineAndColumn(body, found.offset);
    throw new Error(`${file}: not valid JSON at line ${line} column ${column} (${found.problem})`, { cause: error });
  }
}

/** Line and column (from 1) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'after-value';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The first syntax error in `text` (RFC 8259), or null when it is valid JSON. Iterative: deep nesting cannot overflow. */
export function findJsonError(text: string): { offset: number; problem: string } | null {
  const stack: Array<'object' | 'array'> = [];
  let i = 0;
  let expect: Expect = 'value';
  const fail = (problem: string) => ({ offset: i, problem: i >= text.length ? 'the file ends too soon' : problem });

  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    const c = text[i];
    if (expect === 'after-value') {
      const top = stack.at(-1);
      if (top === undefined) return i >= text.length ? null : fail('unexpected text after the end of the JSON value');
      const close = top === 'object' ? '}' : ']';
      if (c === ',') {
        i++;
        expect = top === 'object' ? 'key' : 'value';
      } else if (c === close) {
        i++;
        stack.pop();
      } else {
        return fail(`expected ',' or '${close}'`);
      }
      continue;
    }
    if (expect === 'key' || expect === 'key-or-end') {
      if (expect === 'key-or-end' && c === '}') {
        i++;
        stack.pop();
        expect = 'after-value';
        continue;
      }
      if (c !== '"') return fail('expected a property name in double quotes');
      const bad = scanString();
      if (bad) return bad;
      while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
      if (text[i] !== ':') return fail("expected ':' after the property name");
      i++;
      expect = 'value';
      continue;
    }
    // A value is expected.
    if (expect === 'value-or-end' && c === ']') {
      i++;
      stack.pop();
      expect = 'after-value';
      continue;
    }
    expect = 'after-value';
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? 'object' : 'array');
      i++;
      expect = c === '{' ? 'key-or-end' : 'value-or-end';
    } else if (c === '"') {
      const bad = scanString();
      if (bad) return bad;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
    } else if (text.startsWith('false', i)) {
      i += 5;
    } else {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      if (number === null) return fail('expected a value');
      i += number[0].length;
    }
  }

  function scanString(): { offset: number; problem: string } | null {
    i++;
    for (;;) {
      if (i >= text.length) return fail('');
      const c = text[i];
      if (c === '"') {
        i++;
        return null;
      }
      if (c.charCodeAt(0) < 0x20) return fail('a control character inside a string: write it as an escape such as \\n');
      if (c === '\\') {
        const next = text[i + 1];
        if (next === undefined) {
          i++;
          return fail('');
        }
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('\\u must be followed by 4 hex digits');
          i += 6;
        } else if (ESCAPES.has(next)) {
          i += 2;
        } else {
          return fail('an invalid escape in a string');
        }
        continue;
      }
      i++;
    }
  }
}
