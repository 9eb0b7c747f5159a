/**
 * Nest injection token for the services object graph built in `server.ts`. Every constructor
 * parameter names its token explicitly (`@Inject`) because the test transpiler emits no
 * decorator metadata.
 */
export const SERVICES = Symbol('SERVICES');
