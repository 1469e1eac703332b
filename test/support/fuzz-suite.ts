import fc from 'fast-check';
import { createFuzzFixture, fillPath, fuzzRoutes, pathValues, type FuzzFixture, type FuzzRoute } from './fuzz-fixture.js';
import { fuzzParameters, SafetyCheck } from './fuzz-property.js';
import { startTestApp, type TestApp } from './test-app.js';

export type FuzzSuite = { t: TestApp; fixture: FuzzFixture; routes: FuzzRoute[]; safety: SafetyCheck };

/**
 * One app per spec file, on clean tables with the fixture's records, shared by the case modules
 * the file runs (an app on the embedded database takes seconds to start); the retention job is
 * off so that nothing but the fuzzed requests changes the row counts.
 */
export function fuzzSuite(env: Record<string, string> = {}): FuzzSuite {
  const suite = {} as FuzzSuite;
  beforeAll(async () => {
    suite.t = await startTestApp({ RETENTION_INTERVAL_MINUTES: '0', ...env });
    await suite.t.truncate();
    suite.fixture = await createFuzzFixture(suite.t);
    suite.routes = await fuzzRoutes(suite.t);
    suite.safety = await SafetyCheck.start(suite.t);
  });
  afterAll(() => suite.t.close());
  return suite;
}

/** The routes that take a JSON body. */
export const writeRoutes = (suite: FuzzSuite) => suite.routes.filter((route) => route.hasBody);

/** `route`'s path with the fixture's records in its parameters. */
export const pathOf = (suite: FuzzSuite, route: FuzzRoute) => fillPath(route, pathValues(route, suite.fixture));

/**
 * Runs one property per route and reports every route that failed, not only the first: each
 * failure carries fast-check's report (seed, path, shrunk counterexample).
 */
export async function assertForEachRoute<T>(
  routes: FuzzRoute[],
  numRuns: number,
  arbitrary: (route: FuzzRoute) => fc.Arbitrary<T>,
  property: (route: FuzzRoute, value: T) => Promise<unknown>,
): Promise<number> {
  expect(routes.length).toBeGreaterThan(0);
  const failures: string[] = [];
  for (const route of routes) {
    try {
      await fc.assert(
        fc.asyncProperty(arbitrary(route), (value) => property(route, value).then(() => undefined)),
        fuzzParameters(numRuns),
      );
    } catch (error) {
      failures.push(`${route.name}:\n${report(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} of ${routes.length} routes failed:\n\n${failures.join('\n\n')}`);
  return routes.length;
}

/** fast-check's report (seed, path, counterexample) and the assertion that failed (its `cause`). */
function report(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `\nFailure: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
