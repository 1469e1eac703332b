import type request from 'supertest';
import type { OpenApiValidator } from './openapi-validator.js';

type Agent = ReturnType<typeof request>;
type Callback = Parameters<request.Test['end']>[0];

/**
 * The supertest agent with the OpenAPI drift check on every request: once a response is complete
 * it is checked against the app's own document, and a mismatch fails the request (so the test
 * that made it) with the route, the status and ajv's errors. Both `await` and `.end()` go through
 * `end`, so that is what gets wrapped, per request.
 */
export function validatedHttp(agent: Agent, validator: OpenApiValidator): Agent {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (url: string) => checked(value.call(target, url), validator);
    },
  });
}

function checked(test: request.Test, validator: OpenApiValidator): request.Test {
  const end = test.end.bind(test);
  test.end = (callback?: Callback) =>
    end((error, response) => {
      const drift = !error && response ? validator.check(observed(test, response)) : null;
      callback?.(drift ? new Error(`OpenAPI drift: ${drift}`) : error, response);
    });
  return test;
}

function observed(test: request.Test, response: request.Response) {
  const { method, url } = test as unknown as { method: string; url: string };
  return {
    method,
    path: new URL(url).pathname,
    status: response.status,
    contentType: response.headers['content-type'],
    text: response.text,
    body: response.body,
  };
}
