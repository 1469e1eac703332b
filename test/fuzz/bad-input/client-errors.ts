import type { FuzzSuite } from '../../support/fuzz-suite.js';
import { rawExchange, withListeningApp } from '../../support/raw-http.js';

/**
 * Requests Node's HTTP parser refuses before Express sees them — a URL or headers over 16 KiB, a
 * malformed request line — get the API's JSON error shape with Node's status, and the server
 * keeps serving.
 */
export function clientErrorCases(suite: FuzzSuite): void {
  describe('bad input: requests the HTTP parser refuses', () => {
    const statusAndBody = (raw: string) => {
      const [head, body] = raw.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), contentType: /content-type: ([^\r]+)/i.exec(head)?.[1], body: JSON.parse(body) as unknown };
    };

    it('answers an oversized URL with a JSON 431, documented for the route, and keeps serving', async () => {
      const response = await suite.t.http.get(`/api/v4/ai/duo_workflows/workflows?thread_id=${'a'.repeat(20_000)}`);
      expect(response.status).toBe(431);
      expect(response.body).toEqual({ message: '431 Request Header Fields Too Large - the request line and headers exceed the limit' });
      expect((await suite.t.http.get('/-/liveness')).status).toBe(200);
    });

    it('answers a malformed request line with a JSON 400 and oversized headers with a JSON 431', async () => {
      await withListeningApp(suite.t, async (port) => {
        expect(statusAndBody(await rawExchange(port, 'GET /a b c\r\n\r\n'))).toEqual({
          status: 400,
          contentType: 'application/json; charset=utf-8',
          body: { message: '400 Bad request - malformed HTTP request' },
        });
        const huge = await rawExchange(port, `GET /-/liveness HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
        expect(statusAndBody(huge)).toMatchObject({ status: 431, body: { message: expect.stringMatching(/^431 /) } });
        const after = await rawExchange(port, 'GET /-/liveness HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        expect(after).toMatch(/^HTTP\/1\.1 200 /);
      });
    });
  });
}
