import { parseScopeClaim, scopesAllow, scopesNotCovered, type RouteClass, type Scope } from './scopes.js';

describe('scopes', () => {
  // [scopes, method, route class, allowed]
  const table: [Scope[], string, RouteClass, boolean][] = [
    [['api'], 'GET', 'api', true],
    [['api'], 'DELETE', 'api', true],
    [['api'], 'POST', 'ai_workflows', true],
    [['read_api'], 'GET', 'api', true],
    [['read_api'], 'HEAD', 'api', true],
    [['read_api'], 'POST', 'api', false],
    [['read_api'], 'PATCH', 'api', false],
    [['read_api'], 'GET', 'ai_workflows', true],
    [['read_api'], 'PUT', 'ai_workflows', false],
    [['ai_workflows'], 'GET', 'api', false],
    [['ai_workflows'], 'POST', 'api', false],
    [['ai_workflows'], 'GET', 'ai_workflows', true],
    [['ai_workflows'], 'DELETE', 'ai_workflows', true],
    [['read_api', 'ai_workflows'], 'POST', 'api', false],
    [['read_api', 'ai_workflows'], 'POST', 'ai_workflows', true],
    [[], 'GET', 'api', false],
  ];

  it.each(table)('%p %s on a %s route → %p', (scopes, method, routeClass, allowed) => {
    expect(scopesAllow(scopes, method, routeClass)).toBe(allowed);
  });

  it('parses the space-separated claim, dropping unknown and repeated scopes', () => {
    expect(parseScopeClaim('api read_api api sudo')).toEqual(['api', 'read_api']);
    expect(parseScopeClaim(undefined)).toEqual([]);
    expect(parseScopeClaim(['api'])).toEqual([]);
  });

  it('knows which scopes a holder may grant: api covers all, the others only themselves', () => {
    expect(scopesNotCovered(['api'], ['api', 'read_api', 'ai_workflows'])).toEqual([]);
    expect(scopesNotCovered(['read_api'], ['api', 'read_api'])).toEqual(['api']);
    expect(scopesNotCovered(['ai_workflows'], ['read_api', 'ai_workflows'])).toEqual(['read_api']);
  });
});
