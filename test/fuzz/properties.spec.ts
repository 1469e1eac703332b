import { fuzzSuite } from '../support/fuzz-suite.js';
import { bodyProperties } from './properties/body.js';
import { pathProperties } from './properties/path.js';
import { queryProperties } from './properties/query.js';

/**
 * Property-based fuzzing (fast-check, fixed seed FUZZ_SEED) of every documented route's JSON body,
 * query string and path parameters, on one app authenticated as a real user with real records, so
 * requests get past the guard and reach validation. Properties: see SafetyCheck.
 */
describe('fuzzing every route', () => {
  const suite = fuzzSuite();
  bodyProperties(suite);
  queryProperties(suite);
  pathProperties(suite);
});
