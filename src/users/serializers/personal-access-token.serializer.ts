import { ApiProperty, ApiPropertyOptional, ApiSchema, IntersectionType } from '@nestjs/swagger';
import type { PersonalAccessToken } from '../../auth/entities/personal-access-token.entity.js';
import type { MintedToken } from '../../auth/personal-access-token-minter.js';
import { SCOPES, type Scope } from '../../auth/scopes.js';

/** A token's record as GitLab shows it; never the token itself. */
@ApiSchema({ name: 'PersonalAccessToken' })
export class PersonalAccessTokenSerializer {
  @ApiProperty({ example: 7 }) id: number;
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty({ example: 'ai-gateway' }) name: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes: Scope[];
  @ApiProperty() expires_at: string;
  @ApiProperty() created_at: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Recorded at most once a minute' }) last_used_at: string | null;
  @ApiProperty() revoked: boolean;
  @ApiProperty({ description: 'Neither revoked nor expired' }) active: boolean;

  static represent(token: PersonalAccessToken): PersonalAccessTokenSerializer {
    return {
      id: Number(token.id),
      user_id: Number(token.userId),
      name: token.name,
      scopes: token.scopes,
      expires_at: token.expiresAt.toISOString(),
      created_at: token.createdAt.toISOString(),
      last_used_at: token.lastUsedAt?.toISOString() ?? null,
      revoked: token.revoked,
      active: token.active,
    };
  }
}

/** The answer to a mint: the record plus the JWT, which is shown this once and never again. */
class TheJwt {
  @ApiProperty({ description: 'The JWT. Shown only in this response; the service does not keep it.' }) token: string;
}

@ApiSchema({ name: 'CreatedPersonalAccessToken' })
export class CreatedPersonalAccessTokenSerializer extends IntersectionType(PersonalAccessTokenSerializer, TheJwt) {
  static represent(minted: MintedToken): CreatedPersonalAccessTokenSerializer {
    return { ...PersonalAccessTokenSerializer.represent(minted.record), token: minted.jwt };
  }
}
