const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The top-level elements of a JSON array, as byte slices of `data`, when `data` is exactly
 * `[` + elements joined by `,` + `]` (no whitespace between them, as JSON.stringify and LangGraph's
 * serializers write it): then joining the slices gives back the very same bytes. Anything else —
 * not an array, whitespace or a trailing comma between elements, an empty array — is null, and the
 * value is stored whole.
 */
export function splitJsonArray(data: Buffer): Buffer[] | null {
  if (data.length < 3 || data[0] !== OPEN_BRACKET || data[data.length - 1] !== CLOSE_BRACKET) return null;
  const elements: Buffer[] = [];
  let depth = 0;
  let inString = false;
  let start = 1;
  for (let i = 1; i < data.length - 1; i++) {
    const byte = data[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) depth++;
    else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      if (--depth < 0) return null;
    } else if (byte === COMMA && depth === 0) {
      if (!pushElement(elements, data, start, i)) return null;
      start = i + 1;
    }
  }
  if (inString || depth !== 0 || !pushElement(elements, data, start, data.length - 1)) return null;
  return elements;
}

/** Adds data[start, end) as an element; false when it is empty or has whitespace at its edges. */
function pushElement(elements: Buffer[], data: Buffer, start: number, end: number): boolean {
  if (end <= start || isSpace(data[start]) || isSpace(data[end - 1])) return false;
  elements.push(data.subarray(start, end));
  return true;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
