import { refusedInput } from './refused-input.js';

describe('refusedInput', () => {
  it('accepts ordinary JSON, surrogate pairs included', () => {
    expect(refusedInput({ goal: 'fix the build 🚀', list: [1, 'two', { three: null }] }, 32)).toBeUndefined();
  });

  it('names the field that holds a NUL character or a lone surrogate', () => {
    expect(refusedInput({ goal: 'a\u0000b' }, 32)).toBe('goal must not contain \\u0000 (NUL) characters');
    expect(refusedInput({ checkpoint_writes: [{ task: 'x\ud800' }] }, 32)).toBe('checkpoint_writes.0.task must be valid Unicode (it contains a lone surrogate)');
    expect(refusedInput({ filter: { 'a\u0000': 1 } }, 32)).toBe('the name of a field in filter must not contain \\u0000 (NUL) characters');
  });

  it('refuses __proto__ and constructor keys, which class-transformer drops without a word', () => {
    expect(refusedInput(JSON.parse('{"name":"x","__proto__":{"polluted":1}}'), 32)).toBe('property __proto__ should not exist');
    expect(refusedInput({ items: [{ constructor: { prototype: {} } }] }, 32)).toBe('property items.0.constructor should not exist');
  });

  it('refuses nesting past the limit without recursing (100,000 levels)', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(refusedInput(deep, 32)).toMatch(/is nested more than 32 levels deep$/);
    expect(refusedInput({ a: { b: { c: 1 } } }, 3)).toBeUndefined();
    expect(refusedInput({ a: { b: { c: {} } } }, 3)).toBe('a is nested more than 3 levels deep');
  });
});
