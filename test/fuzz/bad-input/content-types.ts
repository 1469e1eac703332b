import { RowCounter } from '../../support/db-snapshot.js';
import { validBody } from '../../support/fuzz-fixture.js';
import { send } from '../../support/fuzz-property.js';
import { pathOf, writeRoutes, type FuzzSuite } from '../../support/fuzz-suite.js';
import { rawRequest, withListeningApp } from '../../support/raw-http.js';

/**
 * A valid body under any type but JSON is refused with 415 on every write route, and nothing of
 * it is stored: text/plain, form-urlencoded, multipart, a JSON-looking charset that is not UTF-8,
 * and no Content-Type at all.
 */
export function contentTypeCases(suite: FuzzSuite): void {
  describe('bad input: content types', () => {
    const TYPES = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=XyZ',
      'application/xml',
      'application/json; charset=latin1',
      'application/jsonx',
    ];

    it.each(TYPES)('answers 415 to a valid body sent as %s', async (type) => {
      for (const route of writeRoutes(suite)) {
        const text = JSON.stringify(validBody(route, suite.fixture));
        const body = type.startsWith('multipart') ? `--XyZ\r\nContent-Disposition: form-data; name="json"\r\n\r\n${text}\r\n--XyZ--\r\n` : text;
        const pending = send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth).set('Content-Type', type).send(body);
        const response = await suite.safety.verify(pending);
        expect({ route: route.name, status: response.status, message: response.body.message }).toEqual({
          route: route.name,
          status: 415,
          message: expect.stringMatching(/^415 Unsupported Media Type - /),
        });
      }
    });

    it('answers 415 to a body without a Content-Type', async () => {
      // supertest always names a type for a body, so this one goes out through node:http.
      const counter = await RowCounter.for(suite.t.dataSource);
      const before = await counter.counts();
      await withListeningApp(suite.t, async (port) => {
        for (const route of writeRoutes(suite)) {
          const text = JSON.stringify(validBody(route, suite.fixture));
          const headers = { ...suite.fixture.auth, 'Content-Length': String(Buffer.byteLength(text)) };
          const response = await rawRequest(port, route.method.toUpperCase(), pathOf(suite, route), headers, text);
          expect({ route: route.name, status: response.status, body: JSON.parse(response.text) }).toEqual({
            route: route.name,
            status: 415,
            body: { message: '415 Unsupported Media Type - request body must be application/json' },
          });
        }
      });
      expect(await counter.counts()).toEqual(before);
    });
  });
}
