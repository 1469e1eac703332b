import { FixedWindowCounter } from './fixed-window-counter.js';

describe('FixedWindowCounter', () => {
  it('counts per key within a window and starts over when it ends', () => {
    let now = 1000;
    const counter = new FixedWindowCounter(60_000, () => now);
    expect(counter.hit('a')).toEqual({ count: 1, resetAt: 61_000 });
    expect(counter.hit('a').count).toBe(2);
    expect(counter.hit('b').count).toBe(1);
    now = 61_000;
    expect(counter.hit('a')).toEqual({ count: 1, resetAt: 121_000 });
  });

  it('forgets keys whose window has ended', () => {
    let now = 0;
    const counter = new FixedWindowCounter(10, () => now);
    for (let i = 0; i < 1000; i++) counter.hit(`key-${i}`);
    now = 100;
    counter.hit('fresh');
    expect((counter as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });
});
