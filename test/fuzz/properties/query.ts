import { queryString } from '../../support/fuzz-arbitraries.js';
import { fuzzTimeout, send } from '../../support/fuzz-property.js';
import { assertForEachRoute, pathOf, type FuzzSuite } from '../../support/fuzz-suite.js';

/**
 * Property: any query string on any route — repeated keys, `a[b]=c` nesting (Express's extended
 * parser), prototype keys, broken percent-escapes, very long values — is answered below 500,
 * with a JSON message when refused, and changes nothing when refused.
 */
export function queryProperties(suite: FuzzSuite): void {
  describe('fuzz: query strings of every route', () => {
    it('survives arbitrary query strings', async () => {
      const routes = await assertForEachRoute(suite.routes, 12, (route) => queryString(route.queryParams), (route, query) => {
        const path = `${pathOf(suite, route)}?${query}`;
        return suite.safety.verify(send(suite.t, route.method, path, suite.fixture.auth, route.hasBody ? '{}' : undefined));
      });
      expect(routes).toBeGreaterThanOrEqual(30);
    }, fuzzTimeout(120_000));
  });
}
