import { postgresAsksForRetry } from './database-errors.js';

describe('postgresAsksForRetry', () => {
  it('takes deadlock_detected and serialization_failure, from pg itself or wrapped by TypeORM', () => {
    expect(postgresAsksForRetry({ code: '40P01' })).toBe(true);
    expect(postgresAsksForRetry({ driverError: { code: '40001' } })).toBe(true);
  });

  it('leaves every other failure alone', () => {
    for (const error of [{ code: '23505' }, { driverError: { code: '57014' } }, new Error('Connection terminated'), null, undefined]) {
      expect(postgresAsksForRetry(error)).toBe(false);
    }
  });
});
