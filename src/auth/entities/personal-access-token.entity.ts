import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Scope } from '../scopes.js';

/**
 * The record of a token the service minted: its `jti`, owner, scopes and lifetime. The JWT itself
 * is never stored; revoking sets `revoked_at`, and the guard refuses the jti from then on.
 */
@Entity('personal_access_tokens')
export class PersonalAccessToken {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: string;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: string;

  @Column({ type: 'uuid' })
  jti: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'text', array: true })
  scopes: Scope[];

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  get revoked(): boolean {
    return this.revokedAt !== null;
  }

  /** Usable now: neither revoked nor expired. */
  get active(): boolean {
    return !this.revoked && this.expiresAt.getTime() > Date.now();
  }
}
