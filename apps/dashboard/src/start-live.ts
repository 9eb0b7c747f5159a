/**
 * What a signed-in start loads right after its first paint (one lazy chunk): the replica (core
 * merge, message schemas), the adherence rules behind the live Overview, and the summary writer.
 * The initial JS has none of it: Overview's first render can come from the stored summary.
 */
export { indexedDbKeyValue } from './sync/idb-replica-storage';
export { deferredConnection } from './sync/deferred-connection';
export { forgetReplica, openReplica } from './sync/open-replica';
export { startOverviewWriter } from './sync/overview-writer';
export { OverviewView } from './views/OverviewView';
