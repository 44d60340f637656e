import type { KeyObject } from 'node:crypto';
import type { TenantId } from '../../shared/ids';
import type { AuditEntry } from './audit';

/** An organisation as the issuer of its badges (Open Badges 3.0, issue #19 item 5). */
export interface CredentialIssuer {
  tenantId: TenantId;
  /** The issuer's key in public URLs: 128 random bits, base64url. */
  publicId: string;
}

/** A public key of an issuer, as a JWK without its private parts. */
export interface CredentialPublicKey {
  kid: string;
  jwk: Record<string, string>;
  /** The same key, imported once when it is read (a check needs no import of its own). */
  key: KeyObject;
  retired: boolean;
}

/** What makes a certificate a badge: its place in the status list, the salt of its holder's identifier. */
export interface BadgeFacts {
  issuer: CredentialIssuer;
  statusIndex: number;
  identitySalt: string;
  /** The holder's e-mail as the LMS gave it, or undefined (the LMS's user id is then hashed). */
  email?: string;
  platformUserId: string;
  /** The module of a completion certificate (its id), or undefined for an assessment's. */
  moduleId?: number;
  assessmentCode?: string;
}

export interface CredentialStore {
  /**
   * The badge facts of a certificate (by its public id), made the first time they are asked for: the issuer (with
   * its first key) and the certificate's status index, handed out under a lock. undefined: no such certificate.
   */
  badgeOf(certificatePublicId: string): Promise<BadgeFacts | undefined>;
  /** The issuer by its public id. */
  issuer(issuerPublicId: string): Promise<{ issuer: CredentialIssuer; name: string } | undefined>;
  /** The active signing key of the organisation (made if it has none). */
  signingKey(tenantId: TenantId): Promise<{ kid: string; key: KeyObject }>;
  /** Every public key of the issuer, the retired ones too (credentials they signed still verify). */
  publicKeys(issuerPublicId: string): Promise<CredentialPublicKey[]>;
  /** The status indexes of the organisation's badges that no longer stand (revoked, or their completion reversed). */
  revokedIndexes(tenantId: TenantId): Promise<{ revoked: number[]; highest: number }>;
  /** Drops the cached revoked indexes of the organisation: a certificate of it was revoked (in this process). */
  forgetRevocations(tenantId: TenantId): void;
  /**
   * Retires the active key (with its audit row); the next signature makes a new one, and the retired key stays
   * published. 'none' when the organisation has no key yet (nothing written).
   */
  rotateKey(tenantId: TenantId, audit: AuditEntry): Promise<'rotated' | 'none'>;
}
