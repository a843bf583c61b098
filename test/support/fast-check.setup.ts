import fc from 'fast-check';

/**
 * Property tests run on a fixed seed, so a CI run is reproducible; explore new inputs with
 * FC_SEED=random (or any number). A failing run prints its seed and counterexample.
 */
const requested = process.env['FC_SEED'];
const seed = requested === 'random' ? Date.now() ^ (Math.random() * 0x100000000) : Number(requested ?? 20_261_123);
fc.configureGlobal({ seed });
