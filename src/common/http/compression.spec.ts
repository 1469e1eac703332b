import express from 'express';
import request from 'supertest';
import { compressionWhenAccepted } from './compression.js';

describe('compressionWhenAccepted', () => {
  // compression adds res.flush to every response it wraps: its presence says whether it ran.
  const app = express();
  app.use(compressionWhenAccepted({ level: 1, threshold: 0 }));
  app.get('/probe', (_req, res) => res.json({ wrapped: typeof (res as { flush?: unknown }).flush === 'function', text: 'x'.repeat(2000) }));

  it('compresses for a client that accepts gzip', async () => {
    const response = await request(app).get('/probe').set('Accept-Encoding', 'gzip');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.body.wrapped).toBe(true);
  });

  it('leaves the response alone for a client that asks for identity or names no encoding', async () => {
    for (const accept of ['identity', 'gzip;q=0, identity', '']) {
      const response = await request(app).get('/probe').set('Accept-Encoding', accept);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.body).toMatchObject({ wrapped: false });
    }
  });
});
