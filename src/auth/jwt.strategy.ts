import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../config/environment.js';
import type { Identity } from './identity.js';
import { TokenAuthenticator } from './token-authenticator.js';
import { TokenKeys, UnacceptableTokenError } from './token-keys.js';

/** GitLab's two places for a token: `Authorization: Bearer <jwt>` and `PRIVATE-TOKEN: <jwt>`. */
export const extractToken = ExtractJwt.fromExtractors([ExtractJwt.fromAuthHeaderAsBearerToken(), ExtractJwt.fromHeader('private-token')]);

function headerOf(token: string | null): jwt.JwtHeader | undefined {
  return token ? (jwt.decode(token, { complete: true })?.header ?? undefined) : undefined;
}

/**
 * passport-jwt verifies the signature with the key TokenKeys picks for the header's algorithm, from
 * the explicit allow-list, with exp, nbf, iss and aud checked; validate() then looks the caller up.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verifyOptions: jwt.VerifyOptions & { complete?: false };

  constructor(
    private readonly keys: TokenKeys,
    config: AppConfig,
    private readonly authenticator: TokenAuthenticator,
  ) {
    const verifyOptions = { algorithms: keys.algorithms, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ignoreExpiration: false };
    super({
      jwtFromRequest: extractToken,
      // jsonwebtoken accepts a KeyObject; passport-jwt's types only name strings and buffers.
      secretOrKeyProvider: (_request: Request, rawToken: string, done: (error: unknown, key?: string) => void) => {
        const header = headerOf(rawToken);
        if (!header) return done(new UnacceptableTokenError('not a JWT'));
        keys.keyFor(header).then((key) => done(null, key as string), done);
      },
      ...verifyOptions,
      passReqToCallback: true,
    });
    this.verifyOptions = verifyOptions;
  }

  /**
   * What authenticating a request through passport does with this strategy — the token from the
   * request, the key TokenKeys picks for its header, jsonwebtoken's verify with the same options,
   * then what validate() does, with the header already in hand instead of decoding the token
   * again — without passport's per-request copy of the strategy. passport gives each request an
   * object with five callbacks of its own, and with it every request's objects outlived the young
   * generation's collections (decision 0014). null where passport-jwt fails the request (a 401);
   * the lookup's errors propagate, as passport's error() passes them on. `remembered`: see
   * TokenAuthenticator.identify.
   */
  async identify(request: Request, remembered = false): Promise<Identity | null> {
    const token = extractToken(request);
    const header = headerOf(token);
    if (!token || !header) return null;
    let claims: JwtPayload;
    try {
      const key = await this.keys.keyFor(header);
      claims = jwt.verify(token, key as jwt.Secret, this.verifyOptions) as JwtPayload;
    } catch {
      return null;
    }
    return this.authenticator.identify(claims, header.alg, remembered);
  }

  validate(request: Request, claims: JwtPayload): Promise<Identity | null> {
    return this.authenticator.identify(claims, headerOf(extractToken(request))?.alg);
  }

  // Each app gets its own registry, so two apps in one process (tests) never share a strategy.
  getPassportInstance() {
    return new passport.Passport();
  }
}
