import { setFlagsFromString } from 'node:v8';

/**
 * undici parses HTTP with llhttp, a WebAssembly module, which V8 compiles twice: with Liftoff at once,
 * then again with TurboFan on a background thread. For a run of this length the second compile only
 * costs — 37 MiB of peak memory and 0.2 s, for the process waits for it before it exits — while
 * Liftoff's code parses headers and skips over bodies just as well. Imported first by both entry
 * points, before the first connection compiles the module.
 */
setFlagsFromString('--liftoff-only');
/**
 * On V8 13 (Node 24) `--liftoff-only` set here, after start-up, no longer stops the tier-up (on the
 * command line it does, through the flags it implies, which a flag set at run time does not re-derive):
 * llhttp was compiled again on a worker thread whose malloc arena then kept 10 MiB for the rest of the
 * run. These two, set directly, stop it; Node 20 takes them too.
 */
setFlagsFromString('--no-wasm-tier-up');
setFlagsFromString('--no-wasm-dynamic-tiering');
/**
 * The young generation stays at its first size instead of growing with the allocation rate. A copy
 * allocates little JavaScript but many large buffers, each freed only when V8 collects its
 * ArrayBuffer: in a young generation that grew, collections came every ~10 MiB of buffers and dead
 * ones piled up (with compression.ts's collections, a 512 MiB copy peaked at 90 MiB instead of 106,
 * a fleet of 100 at 75 instead of 87, and took less CPU, not more).
 */
setFlagsFromString('--semi-space-growth-factor=1');
