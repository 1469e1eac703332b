import type { Server } from 'node:http';
import type { Express, Request, Response } from 'express';
import request from 'supertest';
import { AppExpressAdapter } from './express-adapter.js';

describe('AppExpressAdapter', () => {
  function serve(): { app: Express; server: Server } {
    const adapter = new AppExpressAdapter();
    adapter.initHttpServer({});
    return { app: adapter.getInstance<Express>(), server: adapter.getHttpServer() as Server };
  }

  it('makes requests and responses with the prototypes Express gives them, before Express sees them', async () => {
    const { app, server } = serve();
    const born: boolean[] = [];
    // Runs before Express's handler: with Node's own classes the prototypes would still be Node's here.
    server.prependListener('request', (req: Request, res: Response) => born.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response));
    app.get('/probe', (req, res) => {
      res.json({ sameRequest: Object.getPrototypeOf(req) === app.request, ip: req.ip, host: req.get('host'), app: req.app === app });
    });

    const response = await request(server).get('/probe').set('Host', 'probe.test').expect(200);

    expect(born).toEqual([true, true]);
    // Express's request methods and `req.app` are still there.
    expect(response.body).toEqual({ sameRequest: true, ip: expect.any(String), host: 'probe.test', app: true });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('keeps Node classes in the chain: bodies stream and responses are ServerResponses', async () => {
    const { app, server } = serve();
    app.post('/echo', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => res.status(201).type('text/plain').send(Buffer.concat(chunks).toString('utf8').toUpperCase()));
    });

    const response = await request(server).post('/echo').set('Content-Type', 'text/plain').send('hello').expect(201);

    expect(response.text).toBe('HELLO');
  });
});
