import { setFlagsFromString } from 'node:v8';

/**
 * undici parses HTTP with llhttp, a WebAssembly module, which V8 compiles twice: with Liftoff at once,
 * then again with TurboFan on a background thread. For a run of this length the second compile only
 * costs — 37 MiB of peak memory and 0.2 s, for the process waits for it before it exits — while
 * Liftoff's code parses headers and skips over bodies just as well. Imported first by both entry
 * points, before the first connection compiles the module.
 */
setFlagsFromString('--liftoff-only');
