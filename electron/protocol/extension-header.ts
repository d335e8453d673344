/** One element of a Sec-WebSocket-Extensions list (RFC 6455 §9.1). */
export interface ExtensionOffer {
  name: string;
  /** Parameters in order; `true` for a parameter without a value. Quoted values are unquoted. */
  params: Array<[string, string | true]>;
}

const TCHAR = new Set('!#$%&\'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');

/**
 * Parse a Sec-WebSocket-Extensions value: `extension *( ";" param )` elements separated
 * by commas, tokens and quoted strings per RFC 7230. A single left-to-right scan, no
 * regular expressions. Throws an Error naming the first thing that is wrong.
 */
export function parseExtensions(value: string): ExtensionOffer[] {
  const offers: ExtensionOffer[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < value.length && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  const token = (what: string): string => {
    const start = i;
    while (i < value.length && TCHAR.has(value[i])) i++;
    if (i === start) throw new Error(`expected ${what} at offset ${start} of ${JSON.stringify(value)}`);
    return value.slice(start, i);
  };
  const quoted = (): string => {
    let out = '';
    i++; // opening quote
    while (i < value.length && value[i] !== '"') {
      if (value[i] === '\\') i++;
      if (i < value.length) out += value[i++];
    }
    if (i >= value.length) throw new Error(`unterminated quoted string in ${JSON.stringify(value)}`);
    i++; // closing quote
    return out;
  };

  for (;;) {
    skipSpace();
    const offer: ExtensionOffer = { name: token('an extension name'), params: [] };
    skipSpace();
    while (value[i] === ';') {
      i++;
      skipSpace();
      const name = token('a parameter name');
      skipSpace();
      let paramValue: string | true = true;
      if (value[i] === '=') {
        i++;
        skipSpace();
        paramValue = value[i] === '"' ? quoted() : token(`a value for ${name}`);
        skipSpace();
      }
      offer.params.push([name, paramValue]);
    }
    offers.push(offer);
    if (i === value.length) return offers;
    if (value[i] !== ',') throw new Error(`unexpected ${JSON.stringify(value[i])} at offset ${i} of ${JSON.stringify(value)}`);
    i++;
  }
}

/** Write offers back as a header value. */
export function formatExtensions(offers: ExtensionOffer[]): string {
  return offers.map((offer) => [offer.name, ...offer.params.map(([name, v]) => (v === true ? name : `${name}=${v}`))].join('; ')).join(', ');
}
