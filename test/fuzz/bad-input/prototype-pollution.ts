import { tablesContaining } from '../../support/db-snapshot.js';
import { validBody } from '../../support/fuzz-fixture.js';
import { RawJson, toJsonText, withValueAt } from '../../support/fuzz-arbitraries.js';
import { send } from '../../support/fuzz-property.js';
import { pathOf, writeRoutes, type FuzzSuite } from '../../support/fuzz-suite.js';

const MARKER = 'polluted-marker';
// As JSON text, so that the keys arrive as own properties named __proto__ / constructor.
const PAYLOADS = [`{"__proto__":{"polluted":"${MARKER}"}}`, `{"constructor":{"prototype":{"polluted":"${MARKER}"}}}`];
const KEYS = ['__proto__', 'constructor'];

/**
 * `__proto__` and `constructor.prototype` keys — as the whole body, beside valid fields, and
 * inside a checkpoint's metadata and values — never reach Object.prototype (the app runs in this
 * process, so the test sees what the app would), are refused where the API describes the fields,
 * and are not stored.
 */
export function prototypePollutionCases(suite: FuzzSuite): void {
  describe('bad input: prototype-pollution keys', () => {
    const expectClean = async () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(await tablesContaining(suite.t.dataSource, MARKER)).toEqual([]);
    };

    afterEach(() => {
      // If a request did pollute, clean up so that one failure does not cascade into every test.
      delete (Object.prototype as Record<string, unknown>).polluted;
    });

    it.each(PAYLOADS)('refuses %s as the body of every write route', async (payload) => {
      for (const route of writeRoutes(suite)) {
        const response = await suite.safety.verify(send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth, payload));
        expect({ route: route.name, status: response.status }).toEqual({ route: route.name, status: 400 });
        await expectClean();
      }
    });

    it.each(KEYS)('refuses a %s key beside the valid fields of every write route', async (key) => {
      for (const route of writeRoutes(suite)) {
        const inner = new RawJson(key === '__proto__' ? `{"polluted":"${MARKER}"}` : `{"prototype":{"polluted":"${MARKER}"}}`);
        const body = toJsonText(withValueAt(validBody(route, suite.fixture), [key], inner));
        const response = await suite.safety.verify(send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth, body));
        expect({ route: route.name, status: response.status, message: response.body.message }).toEqual({
          route: route.name,
          status: 400,
          message: expect.stringContaining(`${key} should not exist`),
        });
        await expectClean();
      }
    });

    it('does not pollute through a query string', async () => {
      for (const route of suite.routes) {
        const query = `__proto__[polluted]=${MARKER}&constructor[prototype][polluted]=${MARKER}&a[__proto__][polluted]=${MARKER}`;
        await suite.safety.verify(send(suite.t, route.method, `${pathOf(suite, route)}?${query}`, suite.fixture.auth, route.hasBody ? '{}' : undefined));
        await expectClean();
      }
    });

    it('does not pollute from inside a checkpoint, whose metadata and values are stored as sent', async () => {
      const route = writeRoutes(suite).find((candidate) => candidate.name.endsWith('/checkpoints'))!;
      for (const location of [['metadata'], ['checkpoint', 'channel_values'], ['checkpoint', 'channel_versions'], ['checkpoint']]) {
        for (const key of KEYS) {
          const body = withValueAt(validBody(route, suite.fixture), [...location, key], new RawJson('{"polluted":1,"prototype":{"polluted":1}}'));
          const response = await suite.safety.verify(send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth, toJsonText(body)));
          expect(response.status).toBeLessThan(500);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          // Reading it back (the serializers copy these objects) must not pollute either.
          const read = await suite.t.http.get(`${pathOf(suite, route)}/latest?channel_values=inline`).set(suite.fixture.auth);
          expect(read.status).toBe(200);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }
      }
    });
  });
}
