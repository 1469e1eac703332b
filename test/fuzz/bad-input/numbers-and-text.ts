import { FUZZ_THREAD_TS, validBody, type FuzzRoute } from '../../support/fuzz-fixture.js';
import { describedLeaves } from '../../support/body-shape.js';
import { RawJson, toJsonText, withValueAt } from '../../support/fuzz-arbitraries.js';
import { send } from '../../support/fuzz-property.js';
import { pathOf, writeRoutes, type FuzzSuite } from '../../support/fuzz-suite.js';

/**
 * Numbers JSON can write but JS cannot hold (1e400 is Infinity, 12345678901234567890 loses
 * digits), NUL characters, lone surrogates and invalid UTF-8 bytes, in every field of every write
 * route and in query strings: a 400 that names the field where the value cannot be right, never
 * a 5xx, nothing stored.
 */
export function numbersAndTextCases(suite: FuzzSuite): void {
  describe('bad input: numbers and text', () => {
    const post = (route: FuzzRoute, body: string | Buffer) => {
      const pending = send(suite.t, route.method, pathOf(suite, route), suite.fixture.auth).set('Content-Type', 'application/json');
      // Bytes go out as they are (superagent would otherwise serialize a Buffer as JSON).
      return suite.safety.verify(pending.serialize((bytes: string | Buffer) => bytes as string).send(body as string));
    };

    it('refuses 1e400 and -1e400 in every numeric field, and survives 12345678901234567890 anywhere', async () => {
      let numeric = 0;
      for (const route of writeRoutes(suite)) {
        const valid = validBody(route, suite.fixture);
        for (const { location, value } of describedLeaves(valid)) {
          for (const literal of ['1e400', '-1e400']) {
            const response = await post(route, toJsonText(withValueAt(valid, location, new RawJson(literal))));
            expect({ route: route.name, location, literal, status: response.status }).toEqual({ route: route.name, location, literal, status: 400 });
          }
          await post(route, toJsonText(withValueAt(valid, location, new RawJson('12345678901234567890'))));
          if (typeof value === 'number') numeric++;
        }
      }
      expect(numeric).toBeGreaterThanOrEqual(5);
    });

    it('survives huge numbers inside metadata and channel values', async () => {
      const route = writeRoutes(suite).find((candidate) => candidate.name.endsWith('/checkpoints'))!;
      for (const location of [['metadata', 'step'], ['checkpoint', 'channel_values', 'messages'], ['checkpoint', 'channel_versions', 'messages']]) {
        for (const literal of ['1e400', '12345678901234567890', '-0', '1e-400']) {
          await post(route, toJsonText(withValueAt(validBody(route, suite.fixture), location, new RawJson(literal))));
        }
      }
    });

    it.each([
      ['a NUL character', 'a\u0000b'],
      ['a lone surrogate', 'a\udc00b'],
    ])("refuses %s in a checkpoint's metadata, header and channel names, and keeps it in channel values", async (_what, text) => {
      const route = writeRoutes(suite).find((candidate) => candidate.name.endsWith('/checkpoints'))!;
      const valid = validBody(route, suite.fixture);
      const refused = [['metadata', 'note'], ['metadata', text], ['checkpoint', 'id'], ['checkpoint', 'versions_seen', text], ['checkpoint', 'channel_versions', text], ['checkpoint', 'channel_values', text]];
      for (const location of refused) {
        const response = await post(route, toJsonText(withValueAt(valid, location, text)));
        expect({ location, status: response.status }).toEqual({ location, status: 400 });
      }
      // Channel values are stored as bytes: the value comes back exactly.
      const kept = await post(route, toJsonText(withValueAt({ ...valid, thread_ts: 'kept', checkpoint: { ...(valid.checkpoint as object), id: 'kept' } }, ['checkpoint', 'channel_values', 'messages'], text)));
      expect(kept.status).toBeLessThan(300);
      const read = await suite.t.http.get(`${pathOf(suite, route)}/by_thread_ts?thread_ts=kept`).set(suite.fixture.auth);
      expect(read.body.checkpoint.channel_values.messages).toBe(text);
    });

    it.each([
      ['a NUL character', 'a\u0000b', /must not contain \\u0000 \(NUL\) characters/],
      ['a lone surrogate', 'a\ud800b', /must be valid Unicode/],
    ])('refuses %s in every text field, naming the field', async (_what, text, message) => {
      let fields = 0;
      for (const route of writeRoutes(suite)) {
        const valid = validBody(route, suite.fixture);
        for (const { location, value } of describedLeaves(valid)) {
          if (typeof value !== 'string') continue;
          fields++;
          const response = await post(route, toJsonText(withValueAt(valid, location, text)));
          expect({ route: route.name, location, status: response.status }).toEqual({ route: route.name, location, status: 400 });
          expect(response.body.message).toMatch(message);
          expect(response.body.message).toContain(String(location[location.length - 1]));
        }
      }
      expect(fields).toBeGreaterThanOrEqual(20);
    });

    it('refuses invalid UTF-8 bytes anywhere in a body with 400', async () => {
      for (const route of writeRoutes(suite)) {
        const valid = validBody(route, suite.fixture);
        for (const location of [...describedLeaves(valid).map((leaf) => leaf.location), ['metadata', 'note']]) {
          const text = toJsonText(withValueAt(valid, location, 'INVALID'));
          const [before, after] = text.split('"INVALID"');
          const bytes = Buffer.concat([Buffer.from(`${before}"`), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(`"${after}`)]);
          const response = await post(route, bytes);
          expect({ route: route.name, location, status: response.status, message: response.body.message }).toEqual({
            route: route.name,
            location,
            status: 400,
            message: '400 Bad request - request body is not valid UTF-8',
          });
        }
      }
    });

    // per_page above 100 is capped to 100 (GitLab's rule), so per_page=12345678901234567890 is a valid 200.
    it('refuses NUL characters and out-of-range numbers in query strings', async () => {
      const queries = ['thread_id=%00', 'thread_ts=a%00b', 'checkpoint_ns=%00', 'before=%00', 'filter=%7B%22a%5Cu0000%22%3A1%7D', 'filter[a%00]=1', 'page=1e400', 'per_page=1e400', 'page=12345678901234567890', 'id_before=12345678901234567890', 'page=-1', 'page=1.5', 'project_id=%00'];
      let checked = 0;
      for (const route of suite.routes.filter((candidate) => candidate.method === 'get')) {
        for (const query of queries) {
          const name = query.split(/[=[]/)[0];
          if (!route.queryParams.includes(name)) continue;
          // The other parameters a route requires are given valid values: the one under test is the only fault.
          const required = Object.entries({ thread_ts: FUZZ_THREAD_TS, project_id: String(suite.fixture.ids.workflowProject) })
            .filter(([other]) => other !== name && route.queryParams.includes(other))
            .map(([other, value]) => `&${other}=${value}`)
            .join('');
          const response = await suite.safety.verify(send(suite.t, 'get', `${pathOf(suite, route)}?${query}${required}`, suite.fixture.auth));
          expect({ route: route.name, query, status: response.status }).toEqual({ route: route.name, query, status: 400 });
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(30);
    });
  });
}
