import type { LaunchFacts, LaunchIds, LaunchStore } from './ports';

/** A user launches the tool from their course: remember who they are, where they came from, and their roles. */
export async function recordLaunch(deps: { launches: LaunchStore }, facts: LaunchFacts): Promise<LaunchIds> {
  return deps.launches.recordLaunch(facts);
}
