import fc from 'fast-check';
import { fillPath, pathValues, type FuzzRoute } from '../../support/fuzz-fixture.js';
import { pathSegment } from '../../support/fuzz-arbitraries.js';
import { fuzzTimeout, send } from '../../support/fuzz-property.js';
import { assertForEachRoute, type FuzzSuite } from '../../support/fuzz-suite.js';

/**
 * Property: any path parameter that is no record's id — words, 20 digits, signs, fractions,
 * encoded slashes and NULs, broken escapes — is answered below 500 (a 404 or a 400, as JSON),
 * with the other parameters pointing at real records.
 */
export function pathProperties(suite: FuzzSuite): void {
  describe('fuzz: path parameters of every route', () => {
    const replaced = (route: FuzzRoute) => fc.tuple(fc.constantFrom(...route.pathParams), pathSegment);

    it('survives arbitrary path segments', async () => {
      const withParams = suite.routes.filter((route) => route.pathParams.length > 0);
      const routes = await assertForEachRoute(withParams, 12, replaced, (route, [name, segment]) => {
        const path = fillPath(route, { ...pathValues(route, suite.fixture), [name]: segment });
        return suite.safety.verify(send(suite.t, route.method, path, suite.fixture.auth, route.hasBody ? '{}' : undefined));
      });
      expect(routes).toBeGreaterThanOrEqual(20);
    }, fuzzTimeout(120_000));
  });
}
