import { validBody, type FuzzRoute } from '../../support/fuzz-fixture.js';
import { RawJson, toJsonText, withValueAt, type Location } from '../../support/fuzz-arbitraries.js';
import { send } from '../../support/fuzz-property.js';
import { pathOf, writeRoutes, type FuzzSuite } from '../../support/fuzz-suite.js';

const LEVELS = 100_000;
const deepArray = new RawJson(`${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`);
const deepObject = new RawJson(`${'{"a":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}`);

/**
 * 100,000 levels of nesting (JSON.parse takes it; anything that walks it recursively overflows
 * the stack) as the body, in a field, in an unknown field, and inside a checkpoint's opaque parts:
 * always a 400, nothing stored, the process up.
 */
export function deepNestingCases(suite: FuzzSuite): void {
  describe('bad input: deep nesting', () => {
    const expectRefused = async (route: FuzzRoute, body: unknown) => {
      const path = pathOf(suite, route);
      const response = await suite.safety.verify(send(suite.t, route.method, path, suite.fixture.auth, toJsonText(body)));
      expect({ route: route.name, status: response.status }).toEqual({ route: route.name, status: 400 });
    };

    it.each([
      ['an array', deepArray],
      ['an object', deepObject],
    ])('refuses %s 100,000 levels deep as the whole body of every write route', async (_kind, deep) => {
      for (const route of writeRoutes(suite)) await expectRefused(route, deep);
    });

    // One described field per route (the check is the same for all fields) and an unknown one.
    it('refuses 100,000 levels in a field of a valid body, and in an unknown field', async () => {
      for (const route of writeRoutes(suite)) {
        const valid = validBody(route, suite.fixture);
        for (const field of [Object.keys(valid)[0], 'unknown_field']) await expectRefused(route, withValueAt(valid, [field], deepObject));
      }
    });

    const CHECKPOINTS = 'POST /api/v4/ai/duo_workflows/workflows/{id}/checkpoints';
    const opaque: [string, Location][] = [
      ['metadata', ['metadata', 'deep']],
      ['a channel value', ['checkpoint', 'channel_values', 'messages']],
      ['channel_versions', ['checkpoint', 'channel_versions']],
      ['versions_seen', ['checkpoint', 'versions_seen', 'node']],
      ['another checkpoint field', ['checkpoint', 'pending_sends']],
    ];

    it.each(opaque)('refuses 100,000 levels in %s of a checkpoint', async (_where, location) => {
      const route = suite.routes.find((candidate) => candidate.name === CHECKPOINTS)!;
      for (const deep of [deepArray, deepObject]) await expectRefused(route, withValueAt(validBody(route, suite.fixture), location, deep));
    });
  });
}
