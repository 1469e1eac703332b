import { tablesContaining } from '../../support/db-snapshot.js';
import { validBody } from '../../support/fuzz-fixture.js';
import { describedObjects } from '../../support/body-shape.js';
import { toJsonText, withValueAt } from '../../support/fuzz-arbitraries.js';
import { send } from '../../support/fuzz-property.js';
import { pathOf, writeRoutes, type FuzzSuite } from '../../support/fuzz-suite.js';

/**
 * An unknown field — at the top of a valid body or inside any object the API describes
 * (checkpoint_writes[0], channel_blobs[0]) — is a 400 that names it, on every write route; the
 * request stores nothing, and the field's value is nowhere in the database.
 */
export function unknownFieldsCases(suite: FuzzSuite): void {
  describe('bad input: unknown fields', () => {
    it('refuses an unknown field anywhere the API describes the fields, and stores none of it', async () => {
      let checked = 0;
      for (const route of writeRoutes(suite)) {
        const valid = validBody(route, suite.fixture);
        for (const location of describedObjects(valid)) {
          const marker = `unknown-${route.method}-${checked++}-marker`;
          const body = withValueAt(valid, [...location, 'is_admin'], marker);
          const response = await suite.safety.verify(send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth, toJsonText(body)));
          expect({ route: route.name, location, status: response.status, message: response.body.message }).toEqual({
            route: route.name,
            location,
            status: 400,
            message: expect.stringMatching(/^400 Bad request - .*is_admin should not exist/),
          });
          expect(await tablesContaining(suite.t.dataSource, marker)).toEqual([]);
        }
      }
      // The top level of 14 routes plus the nested write and blob objects.
      expect(checked).toBeGreaterThanOrEqual(16);
    });

    it('refuses unknown query parameters on routes that document a query', async () => {
      for (const route of suite.routes.filter((candidate) => candidate.queryParams.length > 0)) {
        const response = await suite.safety.verify(send(suite.t, route.method, `${pathOf(suite, route)}?is_admin=true&thread_ts=x`, suite.fixture.auth));
        expect({ route: route.name, status: response.status, message: response.body.message }).toEqual({
          route: route.name,
          status: 400,
          message: expect.stringMatching(/is_admin should not exist/),
        });
      }
    });
  });
}
