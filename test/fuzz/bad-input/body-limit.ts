import { gzipSync } from 'node:zlib';
import { validBody, type FuzzRoute } from '../../support/fuzz-fixture.js';
import { withValueAt } from '../../support/fuzz-arbitraries.js';
import { send } from '../../support/fuzz-property.js';
import { pathOf, writeRoutes, type FuzzSuite } from '../../support/fuzz-suite.js';

const LIMIT = '413 Payload Too Large - request body exceeds the limit of 1 MiB';

/**
 * With BODY_LIMIT_MB=1 (bad-input.spec.ts), a body over 1 MiB — plain, or gzip that inflates past
 * it — is a 413 that names the limit on every write route, and nothing of it is stored.
 */
export function bodyLimitCases(suite: FuzzSuite): void {
  describe('bad input: oversized bodies', () => {
    // A valid body with one field grown past the limit: the size alone must be the reason.
    const oversized = (route: FuzzRoute) => JSON.stringify(withValueAt(validBody(route, suite.fixture), ['padding'], 'x'.repeat(1024 * 1024 + 1)));

    it('answers 413 naming the limit on every write route', async () => {
      for (const route of writeRoutes(suite)) {
        const response = await suite.safety.verify(send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth, oversized(route)));
        expect({ route: route.name, status: response.status, body: response.body }).toEqual({ route: route.name, status: 413, body: { message: LIMIT } });
      }
    });

    it('answers 413 when a small gzip body inflates past the limit', async () => {
      for (const route of writeRoutes(suite)) {
        const compressed = gzipSync(oversized(route));
        expect(compressed.length).toBeLessThan(64 * 1024);
        const pending = send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          .serialize((body: Buffer) => body as unknown as string)
          .send(compressed);
        const response = await suite.safety.verify(pending);
        expect({ route: route.name, status: response.status, body: response.body }).toEqual({ route: route.name, status: 413, body: { message: LIMIT } });
      }
    });

    it('still takes a body just under the limit (the limit is the only reason above)', async () => {
      const route = writeRoutes(suite).find((candidate) => candidate.name.endsWith('/events'))!;
      const body = JSON.stringify({ event_type: 'message', message: 'x'.repeat(16_000), padding: 'y'.repeat(1000 * 1000) });
      const response = await suite.safety.verify(send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth, body));
      // Parsed (not 413): refused for the unknown field instead.
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/padding should not exist/);
    });
  });
}
