/** Nest injection tokens. Every constructor parameter names its token explicitly (`@Inject`)
 * because the test transpiler emits no decorator metadata. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const STORE = Symbol('STORE');
export const SERVICES = Symbol('SERVICES');
