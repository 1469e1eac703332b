import { parseOptions, UsageError } from '../../bench/options.js';

const env = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/duo_bench' };

describe('parseOptions', () => {
  it('takes counts as whole numbers and amounts as any positive number', () => {
    const options = parseOptions(['--rounds', '5', '--threads=8', '--read-seconds', '0.5', '--big-mib', '2.5', '--scale', '10,100'], env);
    expect(options).toMatchObject({ rounds: 5, threads: 8, readSeconds: 0.5, bigCheckpointMiB: 2.5, scaleSizes: [10, 100] });
  });

  it.each([
    ['--rounds', '2.5'],
    ['--threads', '1.5'],
    ['--concurrency', '0.5'],
    ['--scale', '10,100.5'],
    ['--warmup-steps', '3.5'],
  ])('refuses %s %s: a count is a whole number', (flag, value) => {
    expect(() => parseOptions([flag, value], env)).toThrow(new UsageError(`${flag} needs a whole number, got ${value.split(',').pop()}`));
  });

  it('refuses a count or an amount that is not positive', () => {
    expect(() => parseOptions(['--rounds', '0'], env)).toThrow(UsageError);
    expect(() => parseOptions(['--read-seconds', '-1'], env)).toThrow(UsageError);
  });

  it('still takes --warmup-steps 0 (no warm-up)', () => {
    expect(parseOptions(['--warmup-steps', '0'], env).warmupSteps).toBe(0);
  });
});
