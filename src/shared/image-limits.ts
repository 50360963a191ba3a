/** The largest picture any context decodes: 50 MP (~200 MB of RGBA); beyond that a header alone is enough to refuse. */
export const MAX_DECODE_PIXELS = 50_000_000;
