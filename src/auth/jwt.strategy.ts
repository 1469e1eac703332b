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
  constructor(
    keys: TokenKeys,
    config: AppConfig,
    private readonly authenticator: TokenAuthenticator,
  ) {
    super({
      jwtFromRequest: extractToken,
      // jsonwebtoken accepts a KeyObject; passport-jwt's types only name strings and buffers.
      secretOrKeyProvider: (_request: Request, rawToken: string, done: (error: unknown, key?: string) => void) => {
        const header = headerOf(rawToken);
        if (!header) return done(new UnacceptableTokenError('not a JWT'));
        keys.keyFor(header).then((key) => done(null, key as string), done);
      },
      algorithms: keys.algorithms,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  validate(request: Request, claims: JwtPayload): Promise<Identity | null> {
    return this.authenticator.identify(claims, headerOf(extractToken(request))?.alg);
  }

  // Each app gets its own registry, so two apps in one process (tests) never share a strategy.
  getPassportInstance() {
    return new passport.Passport();
  }
}
