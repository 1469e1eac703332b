// String.prototype.isWellFormed is ES2024; the lib here is ES2023.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** False for text with a lone surrogate: not Unicode, refused by jsonb, turned into U+FFFD by text columns. */
export const isWellFormedText = (text: string) => !LONE_SURROGATE.test(text);

export type JsonShape = { tooDeep: boolean; hasNul: boolean; hasLoneSurrogate: boolean };

/**
 * Walks a parsed JSON value without recursion (bodies may nest 100,000 levels deep) and reports
 * what PostgreSQL's jsonb cannot take: NUL characters or lone surrogates in strings or keys, and
 * excessive depth. Stops at the first problem.
 */
export function inspectJson(value: unknown, maxDepth: number): JsonShape {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return problem;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth > maxDepth) return { tooDeep: true, hasNul: false, hasLoneSurrogate: false };
    if (Array.isArray(current)) {
      for (const item of current) stack.push([item, depth + 1]);
    } else {
      for (const [key, item] of Object.entries(current)) {
        const problem = textProblem(key);
        if (problem) return problem;
        stack.push([item, depth + 1]);
      }
    }
  }
  return { tooDeep: false, hasNul: false, hasLoneSurrogate: false };
}

function textProblem(text: string): JsonShape | undefined {
  if (text.includes('\u0000')) return { tooDeep: false, hasNul: true, hasLoneSurrogate: false };
  if (!isWellFormedText(text)) return { tooDeep: false, hasNul: false, hasLoneSurrogate: true };
  return undefined;
}
