/**
 * JSON as the user typed it: checked with the line and column of the first problem, and
 * re-indented token by token, so numbers keep every digit typed (JSON.parse would round
 * 12345678901234567890) and object keys keep their order and duplicates.
 */

export interface JsonProblem {
  line: number;
  column: number;
  message: string;
}

/** A token's text: a punctuator is one character; a value (string, number, literal) never equals one. */
type Token = string;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const CLOSER = { '{': '}', '[': ']' } as const;
const OPENER = { '}': '{', ']': '[' } as const;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** RFC 8259 §2-7, read by recursive descent. */
class Reader {
  private at = 0;
  readonly tokens: Token[] = [];

  constructor(private readonly text: string) {}

  read(): Token[] {
    this.value();
    this.space();
    if (this.at < this.text.length) this.fail(`unexpected ${this.describe()} after the JSON value`);
    return this.tokens;
  }

  private value(): void {
    this.space();
    const char = this.text[this.at];
    if (char === '{') return this.container('{', '}', () => this.member());
    if (char === '[') return this.container('[', ']', () => this.value());
    if (char === '"') return this.string();
    for (const pattern of [NUMBER, LITERAL]) {
      pattern.lastIndex = this.at;
      const match = pattern.exec(this.text);
      if (match) {
        this.tokens.push(match[0]);
        this.at += match[0].length;
        return;
      }
    }
    this.fail(`expected a value, found ${this.describe()}`);
  }

  private container(open: '{' | '[', close: '}' | ']', item: () => void): void {
    this.punct(open);
    this.space();
    if (this.text[this.at] === close) return this.punct(close);
    for (;;) {
      item();
      this.space();
      if (this.text[this.at] === ',') this.punct(',');
      else if (this.text[this.at] === close) return this.punct(close);
      else this.fail(`expected ',' or '${close}', found ${this.describe()}`);
    }
  }

  private member(): void {
    this.space();
    if (this.text[this.at] !== '"') this.fail(`expected a property name in double quotes, found ${this.describe()}`);
    this.string();
    this.space();
    if (this.text[this.at] !== ':') this.fail(`expected ':' after the property name, found ${this.describe()}`);
    this.punct(':');
    this.value();
  }

  private string(): void {
    const start = this.at++;
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) this.fail('the string is never closed', start);
      if (char === '"') break;
      if (char === '\\') {
        ESCAPE.lastIndex = this.at;
        if (!ESCAPE.test(this.text)) this.fail('invalid escape in a string');
        this.at = ESCAPE.lastIndex;
      } else if (char < ' ') {
        this.fail('a control character in a string must be escaped (\\n, \\t, \\u00XX)');
      } else {
        this.at++;
      }
    }
    this.at++;
    this.tokens.push(this.text.slice(start, this.at));
  }

  private punct(text: '{' | '}' | '[' | ']' | ':' | ','): void {
    this.tokens.push(text);
    this.at++;
  }

  private space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at])) this.at++;
  }

  private describe(): string {
    const char = this.text[this.at];
    return char === undefined ? 'the end of the text' : JSON.stringify(char);
  }

  private fail(message: string, offset = this.at): never {
    throw new JsonSyntaxError(message, offset);
  }
}

function tokenize(text: string): Token[] | JsonProblem {
  try {
    return new Reader(text).read();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const before = text.slice(0, error.offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1, message: error.message };
  }
}

/** The first problem with the text as JSON, or null when it is valid. */
export function checkJson(text: string): JsonProblem | null {
  const result = tokenize(text);
  return Array.isArray(result) ? null : result;
}

/** The same JSON indented by two spaces, or null when it is not valid. */
export function prettyPrintJson(text: string): string | null {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return null;
  let out = '';
  let depth = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  tokens.forEach((token, index) => {
    if (token === '{' || token === '[') {
      depth++;
      out += tokens[index + 1] === CLOSER[token] ? token : token + newline();
    } else if (token === '}' || token === ']') {
      depth--;
      out += tokens[index - 1] === OPENER[token] ? token : newline() + token;
    } else if (token === ',') {
      out += `,${newline()}`;
    } else if (token === ':') {
      out += ': ';
    } else {
      out += token;
    }
  });
  return out;
}
