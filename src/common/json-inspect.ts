/**
 * Walks a parsed JSON value without recursion (bodies may nest 100,000 levels deep) and reports
 * what PostgreSQL's jsonb cannot take: NUL characters in strings or keys, and excessive depth.
 * Stops at the first problem.
 */
export function inspectJson(value: unknown, maxDepth: number): { tooDeep: boolean; hasNul: boolean } {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { tooDeep: false, hasNul: true };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth > maxDepth) return { tooDeep: true, hasNul: false };
    if (Array.isArray(current)) {
      for (const item of current) stack.push([item, depth + 1]);
    } else {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\u0000')) return { tooDeep: false, hasNul: true };
        stack.push([item, depth + 1]);
      }
    }
  }
  return { tooDeep: false, hasNul: false };
}
