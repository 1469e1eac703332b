import { validBody, type FuzzRoute } from '../../support/fuzz-fixture.js';
import { mutatedBody, nastyValue, toJsonText } from '../../support/fuzz-arbitraries.js';
import { fuzzTimeout, send } from '../../support/fuzz-property.js';
import { assertForEachRoute, pathOf, writeRoutes, type FuzzSuite } from '../../support/fuzz-suite.js';

/**
 * Property: whatever JSON body a write route receives — any value, or a valid body with wrong
 * types, missing and extra fields, hostile keys and values — it answers below 500, with a JSON
 * message when it refuses, stores nothing when it refuses, and the process stays up.
 */
export function bodyProperties(suite: FuzzSuite): void {
  describe('fuzz: JSON bodies of every write route', () => {
    const post = (route: FuzzRoute, body: unknown) => suite.safety.verify(send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth, toJsonText(body)));

    it('accepts the unmutated valid bodies first (the mutations start from bodies that work)', async () => {
      for (const route of writeRoutes(suite)) {
        const response = await post(route, validBody(route, suite.fixture));
        expect([route.name, response.status < 300 || response.status === 409]).toEqual([route.name, true]);
      }
    });

    it('survives arbitrary JSON values', async () => {
      const routes = await assertForEachRoute(writeRoutes(suite), 10, () => nastyValue, post);
      expect(routes).toBeGreaterThanOrEqual(14);
    }, fuzzTimeout(120_000));

    it('survives mutations of valid bodies', async () => {
      await assertForEachRoute(writeRoutes(suite), 30, (route) => mutatedBody(validBody(route, suite.fixture)), post);
    }, fuzzTimeout(120_000));
  });
}
