import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import jwt from 'jsonwebtoken';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../common/service-response.js';
import { AppConfig } from '../config/environment.js';
import type { User } from '../users/entities/user.entity.js';
import { PersonalAccessToken } from './entities/personal-access-token.entity.js';
import type { Scope } from './scopes.js';
import { TokenKeys } from './token-keys.js';

export const MAX_TOKEN_LIFETIME_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export type MintParams = { name: string; scopes: Scope[]; expiresAt: Date };
export type MintedToken = { record: PersonalAccessToken; jwt: string };

/**
 * Records a token and signs its JWT (HS256, `sub`/`jti`/`scope`/`exp`, plus `iss`/`aud` when
 * configured). It decides nothing about who may mint what: the HTTP service and the CLI do that.
 */
@Injectable()
export class PersonalAccessTokenMinter {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly keys: TokenKeys,
    private readonly config: AppConfig,
  ) {}

  async mint(user: User, params: MintParams): Promise<ServiceResponse<MintedToken>> {
    if (!this.keys.secret) {
      return ServiceResponse.error('forbidden', 'this service verifies external tokens only; set JWT_SECRET to mint tokens');
    }
    const invalid = lifetimeProblem(params.expiresAt);
    if (invalid) return ServiceResponse.error('invalid', invalid);

    const record = await this.tokens.save(
      this.tokens.create({ userId: user.id, jti: randomUUID(), name: params.name, scopes: params.scopes, expiresAt: params.expiresAt, revokedAt: null, lastUsedAt: null }),
    );
    const claims = { sub: user.id, jti: record.jti, scope: params.scopes.join(' '), exp: Math.floor(params.expiresAt.getTime() / 1000) };
    const signed = jwt.sign(claims, this.keys.secret, {
      algorithm: 'HS256',
      ...(this.config.JWT_ISSUER ? { issuer: this.config.JWT_ISSUER } : {}),
      ...(this.config.JWT_AUDIENCE ? { audience: this.config.JWT_AUDIENCE } : {}),
    });
    return ServiceResponse.success({ record, jwt: signed });
  }
}

function lifetimeProblem(expiresAt: Date): string | undefined {
  const time = expiresAt.getTime();
  if (Number.isNaN(time)) return 'expires_at is not a date';
  if (time <= Date.now()) return 'expires_at must be in the future';
  if (time > Date.now() + MAX_TOKEN_LIFETIME_DAYS * DAY_MS) return `expires_at must be at most ${MAX_TOKEN_LIFETIME_DAYS} days from now`;
  return undefined;
}
