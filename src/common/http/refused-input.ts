import { isWellFormedText } from '../json-inspect.js';

// class-transformer skips these keys without a word, so forbidNonWhitelisted never reports them.
const SKIPPED_KEYS = new Set(['__proto__', 'constructor']);

/**
 * What the validation pipe must refuse before class-transformer and the database see it, as a
 * message naming the first offending field ("goal", "checkpoint_writes.0.task"), or undefined:
 * - nesting deeper than `maxDepth` (class-transformer recurses; 100,000 levels overflow the stack);
 * - `__proto__` and `constructor` keys (dropped silently instead of refused as unknown);
 * - text PostgreSQL cannot store as sent: NUL (text and jsonb refuse it) and lone surrogates (not
 *   Unicode; stored as U+FFFD, silently changing the value).
 * Walks without recursion.
 */
export function refusedInput(value: unknown, maxDepth: number): string | undefined {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length > 0) {
    const [current, path, depth] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return `${path || 'value'} ${problem}`;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    // The top-level field is named: the full path of a deep nest would be a long run of ".0".
    if (depth >= maxDepth) return `${path.split('.')[0] || 'the request'} is nested more than ${maxDepth} levels deep`;
    for (const [key, item] of Object.entries(current)) {
      const at = path ? `${path}.${key}` : key;
      if (SKIPPED_KEYS.has(key)) return `property ${at} should not exist`;
      const problem = textProblem(key);
      if (problem) return `the name of a field${path ? ` in ${path}` : ''} ${problem}`;
      stack.push([item, at, depth + 1]);
    }
  }
  return undefined;
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain \\u0000 (NUL) characters';
  if (!isWellFormedText(text)) return 'must be valid Unicode (it contains a lone surrogate)';
  return undefined;
}
