import { deflateSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('HTTP conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_MB: '1' });
  });
  afterAll(() => t.close());

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await t.http.get('/-/liveness').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.http.get('/-/liveness').set('X-Request-Id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('renders unknown routes as GitLab does', async () => {
    const response = await t.http.get('/api/v4/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: '404 Not Found' });
  });

  it('answers 415 for a non-JSON body', async () => {
    const response = await t.http.post('/api/v4/nothing-here').set('Content-Type', 'text/plain').send('hello');
    expect(response.status).toBe(415);
    expect(response.body.message).toMatch(/^415 Unsupported Media Type/);
  });

  it('answers 400, never 500, for malformed JSON', async () => {
    const response = await t.http.post('/api/v4/nothing-here').set('Content-Type', 'application/json').send('{"a":');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: '400 Bad request - request body is not valid JSON' });
  });

  it('answers 413 naming the limit for an oversized body', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(1024 * 1024 + 10) });
    const response = await t.http.post('/api/v4/nothing-here').set('Content-Type', 'application/json').send(big);
    expect(response.status).toBe(413);
    expect(response.body.message).toBe('413 Payload Too Large - request body exceeds the limit of 1 MiB');
  });

  it('applies the limit to the inflated size of a gzip body', async () => {
    const bomb = gzipSync(JSON.stringify({ data: 'x'.repeat(2 * 1024 * 1024) }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const response = await t.http
      .post('/api/v4/nothing-here')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((body: Buffer) => body as unknown as string)
      .send(bomb);
    expect(response.status).toBe(413);
  });

  it('accepts a gzip body and rejects a corrupt one with 400', async () => {
    const good = await t.http
      .post('/api/v4/nothing-here')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((body: Buffer) => body as unknown as string)
      .send(gzipSync('{"ok":true}'));
    expect(good.status).toBe(404); // parsed, then no such route
    const corrupt = await t.http
      .post('/api/v4/nothing-here')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(Buffer.from('definitely not gzip'));
    expect(corrupt.status).toBe(400);
  });

  it('takes a deflate body and a UTF-8 byte order mark, as body-parser did', async () => {
    const post = (body: Buffer, encoding?: string) => {
      const request = t.http.post('/api/v4/nothing-here').set('Content-Type', 'application/json');
      if (encoding) request.set('Content-Encoding', encoding);
      return request.serialize((raw: Buffer) => raw as unknown as string).send(body);
    };
    expect((await post(deflateSync('{"ok":true}'), 'deflate')).status).toBe(404); // parsed, then no such route
    expect((await post(Buffer.from('\uFEFF{"ok":true}'))).status).toBe(404);
  });

  it('takes only an object or an array at the top of a body (strict JSON)', async () => {
    for (const body of ['"text"', '42', 'null']) {
      const response = await t.http.post('/api/v4/nothing-here').set('Content-Type', 'application/json').send(body);
      expect({ body, status: response.status, message: response.body.message }).toEqual({
        body,
        status: 400,
        message: '400 Bad request - request body is not valid JSON',
      });
    }
  });

  it('answers 415 for a JSON body in a charset other than UTF-8', async () => {
    for (const charset of ['utf-16', 'latin1']) {
      const response = await t.http.post('/api/v4/nothing-here').set('Content-Type', `application/json; charset=${charset}`).send('{}');
      expect({ charset, status: response.status, message: response.body.message }).toEqual({
        charset,
        status: 415,
        message: '415 Unsupported Media Type - request body must be UTF-8 JSON',
      });
    }
    const utf8 = await t.http.post('/api/v4/nothing-here').set('Content-Type', 'application/json; charset="UTF-8"').send('{}');
    expect(utf8.status).toBe(404);
  });

  it('rejects an unknown Content-Encoding with 415', async () => {
    const response = await t.http
      .post('/api/v4/nothing-here')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'br-unknown')
      .send('{}');
    expect(response.status).toBe(415);
  });

  it('compresses large responses when the client accepts gzip', async () => {
    const response = await t.http.get('/api/docs-json').set('Accept-Encoding', 'gzip');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
  });

  it('sends helmet headers, and neither X-Powered-By nor an ETag (whose hash of every body no client uses)', async () => {
    const response = await t.http.get('/-/liveness');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers.etag).toBeUndefined();
  });

  it('has CORS off unless configured', async () => {
    const response = await t.http.options('/api/v4/user').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
