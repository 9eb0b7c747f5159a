/**
 * Property tests run with a fixed seed by default, so `npm test` and CI are repeatable. Set
 * `FC_SEED=<n>` to replay a seed, or `FC_SEED=random` to explore new cases (the seed is printed
 * on failure by fast-check either way).
 */
import fc from 'fast-check';

const fromEnv = process.env.FC_SEED;
if (fromEnv !== 'random') {
  const seed = fromEnv === undefined ? 20261125 : Number(fromEnv);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got "${fromEnv}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
