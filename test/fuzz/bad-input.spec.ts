import { fuzzSuite } from '../support/fuzz-suite.js';
import { bodyLimitCases } from './bad-input/body-limit.js';
import { clientErrorCases } from './bad-input/client-errors.js';
import { contentTypeCases } from './bad-input/content-types.js';
import { deepNestingCases } from './bad-input/deep-nesting.js';
import { numbersAndTextCases } from './bad-input/numbers-and-text.js';
import { prototypePollutionCases } from './bad-input/prototype-pollution.js';
import { unknownFieldsCases } from './bad-input/unknown-fields.js';

/**
 * The hostile inputs of issue 7, each sent to every route it applies to, on one app. Its body
 * limit is 1 MiB for the 413 cases; the largest of the others (100,000 levels of nesting) is half that.
 */
describe('bad input', () => {
  const suite = fuzzSuite({ BODY_LIMIT_MB: '1' });
  deepNestingCases(suite);
  numbersAndTextCases(suite);
  unknownFieldsCases(suite);
  prototypePollutionCases(suite);
  contentTypeCases(suite);
  clientErrorCases(suite);
  bodyLimitCases(suite);
});
