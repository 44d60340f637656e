import crypto from 'node:crypto';
import { storedLaunch, type LaunchContext } from './launch-context';
import type { LaunchRecorder, LoginRefusal } from './ports';
import { isUnstorableText } from '../shared/unavailable';

/**
 * Step 3 of the launch: the verified launch is written, all of it or none, in one statement: the login it answers
 * consumed (its state, and only with the nonce sent with it: OIDC Core §3.1.3.7; a second use of either is a
 * replay), who and where (person, course, resource link, enrolment), and the session that later pages read.
 */
export type Recorded =
  | {
      ok: true;
      tenantId: number;
      sessionId: string;
      /** The target link's query parameters kept with the login (Moodle custom URLs such as ?section=3). */
      targetQuery?: Record<string, string>;
    }
  | {
      ok: false;
      reason: LoginRefusal | 'INVALID_LAUNCH_CLAIMS' | 'TEMPORARILY_UNAVAILABLE';
      cause?: unknown;
    };

/**
 * A session's id names its launch's content (who, where, with what claims), as ltijs' context token did: the same
 * launch again (a reload of the same link) renews its row instead of adding one, and a cached session can never
 * hold another content than its row's.
 */
export function sessionIdOf(stored: object): string {
  return crypto.createHash('sha256').update(JSON.stringify(stored)).digest('base64url').slice(0, 32);
}

export async function recordLaunch(
  recorder: LaunchRecorder,
  launch: LaunchContext,
  login: { state: string; nonce: string },
): Promise<Recorded> {
  const stored = storedLaunch(launch);
  const sessionId = sessionIdOf(stored);
  try {
    const result = await recorder.recordLaunch(launch, login, { id: sessionId, launch: stored });
    if (!result.ok) return result;
    return { ok: true, tenantId: result.tenantId, sessionId, targetQuery: result.targetQuery };
  } catch (err) {
    // Text PostgreSQL cannot store (an encoding error) is the LMS's invalid launch; anything else is ours (503).
    if (isUnstorableText(err)) return { ok: false, reason: 'INVALID_LAUNCH_CLAIMS' };
    return { ok: false, reason: 'TEMPORARILY_UNAVAILABLE', cause: err };
  }
}
