// Reads a safetensors JSON header without trusting it: one linear pass first checks nesting depth
// and duplicate keys (JSON.parse keeps the last of two equal keys, which the format forbids), then
// JSON.parse builds the value; messages quote user text only through `clipText`, never its methods.

/** Deepest nesting a header may have (a real one has 3 levels: header, entry, shape). */
export const MAX_HEADER_DEPTH = 64;

/** Cuts text quoted in a message to about 80 characters, saying how long it was. */
export function clipText(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max - 20)}... (${s.length} characters)`;
}

/** `JSON.stringify` of a parsed (depth-bounded) value, clipped for a message. */
export function showJson(v: unknown): string {
  if (v === undefined) return 'nothing';
  return clipText(JSON.stringify(v) ?? String(v));
}

/** What a parsed JSON value is, in words, without reading any of its properties. */
export function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? clipText(JSON.stringify(v)) : `${typeof v} ${clipText(String(v))}`;
}

interface Frame {
  object: boolean;
  expectKey: boolean;
  keys: Set<string> | null;
}

/**
 * Checks JSON text's structure before it is parsed: nesting at most `MAX_HEADER_DEPTH` deep and no
 * object with the same key twice. Returns a problem in words, or null. Malformed JSON is left for
 * `JSON.parse` to report.
 */
export function scanJsonStructure(text: string): string | null {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        let key: string | null = null;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return null; // a malformed string: JSON.parse reports it
        }
        if (top.keys!.has(key)) {
          return stack.length === 1
            ? `tensor name ${clipText(JSON.stringify(key))} appears twice in the header (the format forbids duplicate names)`
            : `key ${clipText(JSON.stringify(key))} appears twice in one object of the header`;
        }
        top.keys!.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= MAX_HEADER_DEPTH) return `header is nested more than ${MAX_HEADER_DEPTH} levels deep`;
      const object = c === 0x7b;
      stack.push({ object, expectKey: object, keys: object ? new Set() : null });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
    }
  }
  return null;
}
