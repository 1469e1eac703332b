import { OpenApiValidator } from './openapi-validator.js';

/**
 * The OpenAPI 3.0 dialect on a small document: what the drift check must accept and refuse
 * regardless of what the app's document happens to contain today.
 */
describe('OpenApiValidator', () => {
  const document = {
    paths: {
      '/things/{id}': {
        get: {
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            '404': { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        ErrorBody: { type: 'object', properties: { message: { type: 'string', example: '404 Not Found' } }, required: ['message'] },
        Part: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
        Thing: {
          type: 'object',
          properties: {
            data: { type: 'string', format: 'byte' },
            at: { type: 'string', format: 'date-time' },
            kind: { type: 'string', enum: ['a', 'b'], nullable: true },
            part: { nullable: true, allOf: [{ $ref: '#/components/schemas/Part' }] },
            extra: { type: 'object', additionalProperties: true },
          },
          required: ['kind'],
        },
      },
    },
  };
  const validator = new OpenApiValidator(document);
  const check = (body: unknown, status = 200) =>
    validator.check({ method: 'GET', path: '/things/7?x=1', status, contentType: 'application/json', text: JSON.stringify(body), body });

  it('accepts null where nullable says so, including for an enum and a $ref', () => {
    expect(check({ kind: null, part: null })).toBeNull();
    expect(check({ kind: 'a', part: { n: 1 } })).toBeNull();
  });

  it('refuses values outside an enum, bad base64 and bad date-times, and wrong types behind a $ref', () => {
    expect(check({ kind: 'c' })).toMatch(/\/kind must be equal to one of the allowed values/);
    expect(check({ kind: 'a', data: 'not base64!' })).toMatch(/\/data must match format "byte"/);
    expect(check({ kind: 'a', at: '26/11/2026' })).toMatch(/\/at must match format "date-time"/);
    expect(check({ kind: 'a', part: { n: 'one' } })).toMatch(/\/part\/n must be integer/);
  });

  it('treats documented objects as whitelists unless they allow more', () => {
    expect(check({ kind: 'a', secret: 1 })).toMatch(/must NOT have additional properties.*"additionalProperty":"secret"/);
    expect(check({ kind: 'a', extra: { anything: [1, { deep: true }] } })).toBeNull();
    expect(check({ message: '404 Not Found' }, 404)).toBeNull();
    expect(check({ message: '404 Not Found', trace: 'x' }, 404)).toMatch(/additional properties/);
  });

  it('refuses statuses the route does not list', () => {
    expect(check({ message: '500 Internal Server Error' }, 500)).toBe('GET /things/{id} answered 500, a status the document does not list for it');
  });
});
