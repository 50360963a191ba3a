/**
 * Tiny runtime validators for messages: every message that crosses a context
 * boundary is checked before any handler sees it (Dark Reader validates
 * everything it receives; so do we).
 */
export type Validator<T> = (value: unknown, path: string) => T;

export class ValidationError extends Error {
  override name = 'ValidationError';
}

/**
 * What arrived, in at most ~60 characters, without serializing it: the value
 * is hostile input, and JSON.stringify of a 33 MiB Uint8Array builds a
 * ~300 MB string (34 s here, the fuzz test's slowness in #22), so error
 * wording must cost O(1) whatever the message holds.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string')
    return value.length <= 60 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of ${value.byteLength} bytes`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer of ${value.byteLength} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 6);
    return `an object with keys ${keys.join(', ') || '(none)'}${Object.keys(value).length > 6 ? ', …' : ''}`.slice(0, 80);
  }
  return typeof value;
}

const fail = (path: string, expected: string, value: unknown): never => {
  throw new ValidationError(`${path}: expected ${expected}, found ${describeValue(value)}`);
};

export const v = {
  string:
    (maxLength = 8192): Validator<string> =>
    (x, p) =>
      typeof x === 'string' && x.length <= maxLength ? x : fail(p, `a string of at most ${maxLength} characters`, x),
  boolean: (): Validator<boolean> => (x, p) => (typeof x === 'boolean' ? x : fail(p, 'true or false', x)),
  int:
    (min: number, max: number): Validator<number> =>
    (x, p) =>
      Number.isInteger(x) && (x as number) >= min && (x as number) <= max ? (x as number) : fail(p, `an integer ${min}..${max}`, x),
  number:
    (min: number, max: number): Validator<number> =>
    (x, p) =>
      typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max ? x : fail(p, `a number ${min}..${max}`, x),
  optional:
    <T>(inner: Validator<T>): Validator<T | undefined> =>
    (x, p) =>
      x === undefined ? undefined : inner(x, p),
  array:
    <T>(inner: Validator<T>, maxLength: number): Validator<T[]> =>
    (x, p) => {
      if (!Array.isArray(x) || x.length > maxLength) return fail(p, `an array of at most ${maxLength} items`, x);
      return x.map((item, i) => inner(item, `${p}[${i}]`));
    },
  bytes:
    (maxLength: number): Validator<Uint8Array> =>
    (x, p) => {
      // The whole buffer, not the view: structured cloning copies a view's entire underlying buffer.
      if (x instanceof Uint8Array && x.buffer.byteLength <= maxLength) return x;
      if (x instanceof ArrayBuffer && x.byteLength <= maxLength) return new Uint8Array(x);
      return fail(p, `bytes (at most ${maxLength})`, x);
    },
  object: <S extends Record<string, Validator<unknown>>>(shape: S): Validator<{ [K in keyof S]: ReturnType<S[K]> }> => {
    return (x, p) => {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail(p, 'an object', x);
      const out: Record<string, unknown> = {};
      for (const [key, check] of Object.entries(shape)) {
        const value = check((x as Record<string, unknown>)[key], `${p}.${key}`);
        if (value !== undefined) out[key] = value;
      }
      return out as { [K in keyof S]: ReturnType<S[K]> };
    };
  },
};

/** http(s) URLs only, without credentials: the fetcher must never be pointed at file:, chrome: or internal schemes. */
export const httpUrl =
  (maxLength = 8192): Validator<string> =>
  (x, p) => {
    const s = v.string(maxLength)(x, p);
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return fail(p, 'an absolute URL', x);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(p, 'an http: or https: URL', `${url.protocol}…`);
    if (url.username || url.password) return fail(p, 'a URL without credentials', `${url.protocol}//…@${url.host}`);
    return s;
  };

/** Any URL an <img> may show: http(s), data: or blob: (the last two are read in the page itself). */
export const imageUrl =
  (maxLength = 32 * 1024 * 1024): Validator<string> =>
  (x, p) => {
    const s = v.string(maxLength)(x, p);
    if (/^(data:image\/|blob:)/i.test(s)) return s;
    return httpUrl(maxLength)(s, p);
  };
