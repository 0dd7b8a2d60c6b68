import './runtime-flags.js';
import { cli } from './cli.js';

process.exitCode = await cli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(`${s}\n`),
  stderr: (s) => process.stderr.write(`${s}\n`),
  env: process.env,
  cwd: process.cwd(),
});
