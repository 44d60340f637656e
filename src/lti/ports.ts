import type { KeyObject } from 'node:crypto';
import type { LaunchFacts } from '../use-cases/ports/launch';

/**
 * What the launch needs from storage, declared here and implemented in src/db (app.ts wires them): this folder
 * never imports the database.
 */

/** A platform's registration as the launch reads it (Moodle's "Tool configuration details"). */
export interface RegisteredPlatform {
  issuer: string;
  clientId: string;
  /** The kid of the tool's own key pair for this platform (the key it signs deep-linking answers and assertions with). */
  kid: string;
  authEndpoint: string;
  tokenEndpoint: string;
  /** The aud of service client assertions; Moodle's token endpoint unless the registration names another. */
  authorizationServer?: string;
  /** How the platform's id_token keys are found: its key set URL (Moodle), or a stored key. */
  keys: { method: 'JWK_SET'; url: string } | { method: 'RSA_KEY' | 'JWK_KEY'; key: KeyObject };
  active: boolean;
}

export interface LaunchPlatforms {
  /**
   * The platform registered with this issuer and client id; with no client id, one of the issuer's (an active one
   * first), as a login without client_id asks. Cached for a few seconds; undefined when none is registered.
   */
  find(issuer: string, clientId?: string): Promise<RegisteredPlatform | undefined>;
  isDeploymentRegistered(issuer: string, clientId: string, deploymentId: string): Promise<boolean>;
  /** The registration now (cached per platform for a few seconds): a session lives only while it is active. */
  status(issuer: string, clientId: string): Promise<'unknown' | 'inactive' | 'active'>;
}

/** The tool's own key pairs, one per platform registration (generated when the platform is registered). */
export interface ToolKeys {
  /** The private key the tool signs with towards this platform; undefined when the platform is not registered. */
  signingKey(issuer: string, clientId: string): Promise<{ kid: string; key: KeyObject } | undefined>;
  /** Every public key, for the tool's key set (`/lti/keys`), which platforms fetch to check the tool's signatures. */
  publicKeys(): Promise<Array<{ kid: string; key: KeyObject }>>;
}

export interface LoginStateStore {
  /** Remembers the nonce sent with a login (and the target link's query parameters), by state. */
  remember(state: string, nonce: string, issuer: string, targetQuery?: Record<string, string>): Promise<void>;
}

/** The login a launch brings back: consumed by the launch's own statement. */
export interface LoginToConsume {
  state: string;
  nonce: string;
}

/** Why the launch statement would not consume a login; nothing of the launch was written. */
export type LoginRefusal = 'LOGIN_STATE_NOT_FOUND' | 'NONCE_DOES_NOT_MATCH_LOGIN';

export interface LaunchRecorder {
  /**
   * In one statement: consumes the login (its state, and only if the token's nonce is the one sent with it),
   * records who and where, and stores the session (`session.launch`, JSON) under `session.id`. All of it or none:
   * a login that cannot be consumed comes back as a refusal, and a failure rejects.
   */
  recordLaunch(
    facts: LaunchFacts,
    login: LoginToConsume,
    session: { id: string; launch: unknown },
  ): Promise<
    { ok: true; tenantId: number; targetQuery?: Record<string, string> } | { ok: false; reason: LoginRefusal }
  >;
}

export interface SessionStore {
  /** The launch stored with a session, as it was stored (checked by the caller); undefined if gone or expired. */
  find(tenantId: number, sessionId: string): Promise<unknown>;
}
