import { medianRound, type WorkloadResult } from '../../bench/phases/workload.js';
import type { Throughput } from '../../bench/stats.js';

const rate = (perSecond: number): Throughput => ({ perSecond, seconds: 1, count: perSecond, p50Ms: 1000 / perSecond, p99Ms: 2000 / perSecond, meanMs: 0, maxMs: 0 });
const round = (put: number, getTuple: number, list: number): WorkloadResult => ({ put: rate(put), getTuple: rate(getTuple), list: rate(list) });

describe('medianRound', () => {
  it('takes each operation’s median round on its own, latencies with their rate', () => {
    const median = medianRound([round(900, 300, 30), round(1200, 100, 10), round(1000, 200, 20)]);
    expect(median.put).toEqual(rate(1000));
    expect(median.getTuple).toEqual(rate(200));
    expect(median.list).toEqual(rate(20));
  });

  it('takes the lower middle of an even count, and the one round of one', () => {
    expect(medianRound([round(1200, 1, 1), round(900, 1, 1)]).put.perSecond).toBe(900);
    expect(medianRound([round(700, 1, 1)]).put.perSecond).toBe(700);
  });

  it('refuses to make figures out of no round', () => {
    expect(() => medianRound([])).toThrow('no workload round ran');
  });
});
