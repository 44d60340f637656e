import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request a piece of work belongs to, so that every log line written while serving it carries its id. Only
 * that: the steps of a request pass what they need to each other as values.
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();

export interface RequestContext {
  reqId: string;
}
