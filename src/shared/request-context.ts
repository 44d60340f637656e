import { AsyncLocalStorage } from 'node:async_hooks';
import type { LaunchWrites } from '../db/ltijs-store';

/** The request a piece of work belongs to, so every log line written while serving it carries its id. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

export interface RequestContext {
  reqId: string;
  /** The OIDC state posted with an id_token, for the launch validation that ltijs calls without it. */
  launchState?: string;
  /** A verified launch's writes, waiting for ltijs' session rows to join them in one statement. */
  launchWrites?: LaunchWrites & { targetQuery(): Record<string, string> | undefined };
}
