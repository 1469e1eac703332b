import { splitJsonArray } from './json-array-elements.js';

const split = (text: string) => splitJsonArray(Buffer.from(text))?.map((element) => element.toString());

describe('splitJsonArray', () => {
  it('splits a compact array into its top-level elements, which join back to the same bytes', () => {
    const values = [{ role: 'user', content: 'a, [b] {c}' }, 'quote \\" and , comma', [1, [2, 3]], null, 4.5e-7, { nested: { deep: ['x'] } }];
    const text = JSON.stringify(values);
    const elements = split(text)!;
    expect(elements).toEqual(values.map((value) => JSON.stringify(value)));
    expect(`[${elements.join(',')}]`).toBe(text);
  });

  it('handles escaped backslashes before a closing quote', () => {
    expect(split(JSON.stringify(['ends with \\', 'next']))).toEqual(['"ends with \\\\"', '"next"']);
  });

  it('keeps multi-byte text intact', () => {
    expect(split(JSON.stringify(['héllo, wörld 🙂', '\u0000']))).toEqual(['"héllo, wörld 🙂"', '"\\u0000"']);
  });

  it.each([['[]'], ['{"a":1}'], ['[1, 2]'], ['[1,2,]'], ['[,1]'], ['"[1,2]"'], ['[1,2'], ['[1]]'], ['[ 1]'], ['[1 ]'], ['["open]']])(
    'leaves %s whole (null)',
    (text) => {
      expect(splitJsonArray(Buffer.from(text))).toBeNull();
    },
  );

  it('splits a one-element array', () => {
    expect(split('[{"a":[1,2]}]')).toEqual(['{"a":[1,2]}']);
  });
});
