import { resolveChannelMap } from './channel-map.js';

describe('resolveChannelMap', () => {
  it('takes carried values first, then the parent at the same version', () => {
    const parent = { versions: { a: 1, b: 1, c: 2 }, map: { a: '10', b: '11', c: '12' } };
    const { map, unresolved } = resolveChannelMap({ a: 2, b: 1, c: 2 }, { a: '20' }, parent);
    expect(map).toEqual({ a: '20', b: '11', c: '12' });
    expect(unresolved).toEqual([]);
  });

  it('does not inherit a value the parent holds at another version', () => {
    const parent = { versions: { a: 1 }, map: { a: '10' } };
    const { map, unresolved } = resolveChannelMap({ a: 2 }, {}, parent);
    expect(map).toEqual({});
    expect(unresolved).toEqual(['a']);
  });

  it('compares versions as text, so "3" and 3 match', () => {
    const parent = { versions: { a: '3' }, map: { a: '10' } };
    expect(resolveChannelMap({ a: 3 }, {}, parent).map).toEqual({ a: '10' });
  });

  it('drops channels the checkpoint no longer has', () => {
    const parent = { versions: { a: 1, gone: 1 }, map: { a: '10', gone: '11' } };
    expect(resolveChannelMap({ a: 1 }, {}, parent).map).toEqual({ a: '10' });
  });

  it('leaves everything not carried unresolved without a parent', () => {
    expect(resolveChannelMap({ a: 1, b: 2 }, { b: '5' }, undefined)).toEqual({ map: { b: '5' }, unresolved: ['a'] });
  });

  it('ignores inherited object keys such as __proto__', () => {
    const parent = { versions: {}, map: {} };
    expect(resolveChannelMap(JSON.parse('{"__proto__": 1}'), {}, parent).unresolved).toEqual(['__proto__']);
  });
});
