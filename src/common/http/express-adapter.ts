import http from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter, with an HTTP server whose requests and responses are born with Express's
 * prototypes instead of being given them as Express starts to handle them.
 *
 * Express gives every request and response its prototypes (`app.request`, `app.response`) with
 * `Object.setPrototypeOf`. V8 handles objects whose prototype changed after they were made badly
 * enough that each exchange's objects, and what they reach, outlived two young-generation
 * collections and were promoted to the old generation, which then needed a full collection every
 * few hundred ms. Measured with a bare Express app on this project's machine: 37 % of the young
 * generation survived each scavenge, ~9 KiB per request was promoted, and a request cost 60 % more
 * CPU than with the prototypes in place. Here the server makes them as instances of subclasses of
 * Node's classes (the documented use of createServer's IncomingMessage and ServerResponse options)
 * whose prototypes Express then uses as its own, so Express's call changes nothing (decision 0014).
 */
export class AppExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // Not used by this app; Nest's own server keeps them working.
    if (options.httpsOptions || options.forceCloseConnections || options.return503OnClosing) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    class Request extends http.IncomingMessage {}
    class Response extends http.ServerResponse {}
    // Express's prototypes stay in the chain (its methods, `req.app`); its own handler then sets
    // each request's prototype to the one it already has.
    Object.setPrototypeOf(Request.prototype, app.request);
    Object.setPrototypeOf(Response.prototype, app.response);
    app.request = Request.prototype as Express['request'];
    app.response = Response.prototype as Express['response'];
    this.httpServer = http.createServer({ IncomingMessage: Request, ServerResponse: Response }, app);
  }
}
