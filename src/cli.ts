import { parseArgs } from 'node:util';
import { describeError, LayerRebaseError, UsageError } from './errors.js';
import { streamLog } from './log.js';
import { dockerConfigResolver } from './oci/registry/credentials.js';
import { renderReport } from './report/json.js';
import { renderText } from './report/text.js';
import { SCOPE_VIOLATION } from './patches/scope.js';
import { rebaseImages } from './run.js';
import type { RunResult } from './result.js';
import { suggestKey } from './suggest.js';
import { VERSION } from './version.js';
import { defaultCacheDir } from './rebase/verified-cache.js';
import { redact } from './secrets.js';
import { parseTimeout } from './deadline.js';
import { FAIL_ON_DEFAULT, failingImages, parseFailOn, type FailOn } from './fail-on.js';
import { parseRequireFix } from './vulns/reports.js';
import { renderVex } from './vulns/vex.js';
import { CLI_NAMES, signingOptions } from './signing/configure.js';
import { imageHistory, undoImages } from './undo/run.js';
import { renderHistory } from './report/history.js';
import { renderVerifyText } from './report/verify-text.js';
import { neutralize } from './report/escape.js';
import { verifyImage } from './verify/verify.js';
import { registryHosts } from './run.js';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Exit codes (documented in the README). */
export const EXIT = { ok: 0, failed: 1, refusedOrUsage: 2 } as const;

const USAGE = `usage: layer-rebase --image <ref> [--image <ref>...] [--patches <file>...] [options]

Patches buildpack-contributed layers of CNB app images in place (same engine as the GitHub Action).

  --image <ref>                 image to patch: registry reference or oci:<dir>[:<tag>] (repeatable)
  --patches <file|url>          patch file, JSON or TOML; https URLs may be pinned with #sha256=<hex> (repeatable; later entries override earlier ones)
  --buildpacks <path|glob>      buildpack.toml files whose [layer-patch] reference_uri publishes patch files (repeatable)
  --builder <ref>               builder/buildpackage image to read the app's buildpacks' buildpack.toml from (repeatable)
  --tags <ref>                  push the result here (repeatable; default: the input tag)
  --run-image <auto|ref>        also rebase the run image (OS layers): auto = the one the app records
  --force                       patch layers that did not opt in ("io.buildpacks.rebasable": true)
  --dry-run                     resolve and plan, print the digest it would produce, push nothing
  --insecure-registries <host>  allow plain HTTP / unverified TLS for host[:port] (repeatable)
  --concurrency <n>             images patched in parallel (default 4)
  --timeout <duration>          time limit for everything one image does: 10m, 90s, 1h (default 10m)
  --vulnerability-reports <file>
                                Trivy or Grype JSON report of an input image (repeatable; globs allowed;
                                --vulnerability-report too): says which vulnerabilities each patch fixes
  --require-fix <severity>      patch an image only if its plan fixes a vulnerability of this severity or
                                above: low, medium, high or critical (needs --vulnerability-reports)
  --vex <file>                  write an OpenVEX 0.2.0 document of the fixed vulnerabilities here
  --fail-on <outcomes>          which image outcomes make the exit code non-zero: failed, refused, both
                                (failed,refused: the default) or none
  --no-verified-cache           keep no verdict on a patch layer in ~/.cache/layer-rebase (read each one every
                                run): for a cache directory that other users or jobs can write
  --sign key|keyless            sign every pushed manifest before any tag moves (cosign's formats)
  --sigstore <instance|file>    keyless: public-good (default), github, or a Sigstore SigningConfig JSON
  --identity-token <path|env://VAR>
                                keyless: the OIDC token (default: SIGSTORE_ID_TOKEN, else the runner's)
  --attest                      with --sign: also attest each signed manifest (SLSA provenance v1, applied patches)
  --signing-key <path|env://VAR>
                                ECDSA P-256 private key: PEM, or cosign's encrypted key (password in
                                COSIGN_PASSWORD or --signing-key-password env://VAR)
  --signature-format <f>        bundle (OCI referrer, cosign v3), legacy (sha256-<hex>.sig) or both (default)
  --json                        print the JSON report on stdout instead of the text plan
  --verbose                     debug logging on stderr
  --version                     print the version
  -h, --help                    this text

  layer-rebase undo --image <ref>... [--dry-run] [--json]
                                move each tag back to the image the newest patch replaced (one step;
                                the action's undo: true); layer-rebase undo --help
  layer-rebase verify --image <ref> [--all] [--json]
                                re-derive the image from what its label records and compare (pushes nothing)
  layer-rebase history --image <ref> [--json]
                                what layer-rebase changed in the image, newest first, and whether undo is
                                possible; layer-rebase history --help

The options are the action's inputs; summary, comment, comment-key, github-token and shard-size are the
action's alone.

exit codes: 0 done or nothing to do, 1 an image failed, 2 an image was refused or the usage is wrong`;

const OPTIONS = [
  'image',
  'patches',
  'buildpacks',
  'builder',
  'tags',
  'run-image',
  'force',
  'dry-run',
  'insecure-registries',
  'concurrency',
  'timeout',
  'vulnerability-reports',
  'vulnerability-report',
  'require-fix',
  'fail-on',
  'vex',
  'verified-cache',
  'no-verified-cache',
  'sign',
  'signing-key',
  'signing-key-password',
  'signature-format',
  'sigstore',
  'identity-token',
  'attest',
  'json',
  'verbose',
  'help',
  'version',
];

const UNDO_USAGE = `usage: layer-rebase undo --image <ref> [--image <ref>...] [options]

Moves each tag back to the image the newest layer-rebase patch replaced (one step), only if the tag still
holds what that patch pushed and the previous image is exactly it without that patch (the action's undo: true).

  --image <ref>                 image tag to move back: repository:tag (repeatable)
  --dry-run                     say what would be restored, move nothing
  --insecure-registries <host>  allow plain HTTP / unverified TLS for host[:port] (repeatable)
  --concurrency <n>             images undone in parallel (default 4)
  --timeout <duration>          time limit for each image: 10m, 90s, 1h (default 10m)
  --json                        print the JSON report on stdout instead of the text
  --verbose                     debug logging on stderr
  -h, --help                    this text

exit codes: 0 restored or nothing to undo, 1 an image failed, 2 an image was refused or the usage is wrong`;

const HISTORY_USAGE = `usage: layer-rebase history --image <ref> [options]

What layer-rebase changed in the image, newest patch first, per platform (from its provenance label), and
whether undo is possible now.

  --image <ref>                 the image: a tag or a digest (one)
  --insecure-registries <host>  allow plain HTTP / unverified TLS for host[:port] (repeatable)
  --timeout <duration>          time limit: 10m, 90s, 1h (default 10m)
  --json                        print it as JSON
  --verbose                     debug logging on stderr
  -h, --help                    this text

exit codes: 0 shown, 1 the image could not be read, 2 the usage is wrong`;

const SUBCOMMAND_OPTIONS = [
  'image',
  'dry-run',
  'insecure-registries',
  'concurrency',
  'timeout',
  'json',
  'verbose',
  'help',
];

const VERIFY_OPTIONS = [
  'image',
  'all',
  'no-verified-cache',
  'insecure-registries',
  'json',
  'verbose',
  'help',
];

/** Action inputs that mean nothing on the command line, and what to do instead. */
const ACTION_ONLY: Record<string, string> = {
  undo: "--undo is the action's input; on the command line undo is a command: layer-rebase undo --image <ref> [--dry-run]",
  verify:
    "--verify is the action's input; on the command line verify is a command: layer-rebase verify --image <ref> [--all]",
  summary: "--summary is the action's job summary; the CLI prints its report on stdout (--json for JSON)",
  comment:
    "--comment is the action's pull-request comment; the CLI prints its report on stdout (--json for JSON)",
  'comment-key':
    "--comment-key is the action's pull-request comment; the CLI prints its report on stdout (--json for JSON)",
  'github-token': "--github-token is the action's token for the pull-request comment; the CLI writes none",
  'shard-size': "--shard-size is the action's matrix output; with the CLI, split the images yourself",
};

/**
 * What parseArgs refused, in one line that says what to do: the option most likely meant, or where the
 * options are listed.
 */
function argumentError(message: string, command?: 'undo' | 'history' | 'verify'): string {
  const help = `layer-rebase${command ? ` ${command}` : ''} --help lists the options`;
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (unknown) {
    const dashes = unknown[1]!;
    const name = unknown[2]!;
    if (!command && dashes === '--' && ACTION_ONLY[name]) return ACTION_ONLY[name];
    const options = command === 'verify' ? VERIFY_OPTIONS : command ? SUBCOMMAND_OPTIONS : OPTIONS;
    const near = options.find((o) => o.startsWith(name)) ?? suggestKey(name, options);
    return `unknown option ${dashes}${name} (${near ? `did you mean --${near}?` : help})`;
  }
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value (${help})`;
  const noValue = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
  if (noValue) return `${noValue[1]} takes no value: write ${noValue[1]} alone`;
  const positional = /^Unexpected argument '([^']*)'/.exec(message);
  if (positional)
    return `unexpected argument "${positional[1]}": every value follows its option, as in --image <ref> (${help})`;
  return `${message.split('\n')[0]!} (${help})`;
}

/** The engine speaks in the action's inputs; on the command line the same things are flags. */
export function inCliWords(text: string): string {
  return text
    .replace(/\(set force to override\)/g, '(use --force to override)')
    .replace(/set force to patch the others/g, 'use --force to patch the others')
    .replace(/, or set force\b/g, ', or use --force')
    .replace(/because force is set/g, 'because --force is set')
    .replace(/set the "image" input \(one reference per line\)/g, 'use --image <ref>')
    .replace(/raise the timeout input/g, 'raise --timeout')
    .replace(/\(the timeout input\)/g, '(--timeout)')
    .replace(/"tags" can only be used with a single image/g, '--tags can only be used with a single --image')
    .replace(/run-image: /g, '--run-image: ')
    .replace(/tags: invalid image reference/g, '--tags: invalid image reference')
    .replace(/(?<![-\w])(require-fix|vulnerability-reports)\b/g, '--$1');
}

/** A secret given as `env://VAR` (never on the command line itself) or as a file path. */
async function readSecretArg(name: string, value: string, io: Io): Promise<{ text: string; where: string }> {
  // The secret itself pasted in place of its path is never echoed back (into a terminal, a CI log).
  if (!/^[\w./~:@+-]{1,256}$/.test(value) || /^ey[\w-]+\.[\w-]+\./.test(value))
    throw new UsageError(
      `${name} takes a file path or env://VAR, not the ${name === '--identity-token' ? 'token' : 'key'} itself (it would be visible to every process and in logs)`,
    );
  if (value.startsWith('env://')) {
    const variable = value.slice('env://'.length);
    const text = io.env[variable];
    if (!text) throw new UsageError(`${name} ${value}: the environment variable ${variable} is not set`);
    return { text, where: `${name} ${value}` };
  }
  try {
    return { text: await readFile(resolve(io.cwd, value), 'utf8'), where: `${name} ${value}` };
  } catch (error) {
    throw new UsageError(
      `${name} ${value}: cannot read the key file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** The key's password: `--signing-key-password env://VAR`, else cosign's COSIGN_PASSWORD. */
function signingPassword(value: string | undefined, io: Io): { password?: string; passwordFrom?: string } {
  if (value !== undefined) {
    if (!value.startsWith('env://'))
      throw new UsageError(
        '--signing-key-password takes env://VAR (a password on the command line is visible to every process); or set COSIGN_PASSWORD',
      );
    const password = io.env[value.slice('env://'.length)];
    if (password === undefined)
      throw new UsageError(`--signing-key-password ${value}: the variable is not set`);
    return { password, passwordFrom: `--signing-key-password ${value}` };
  }
  return io.env.COSIGN_PASSWORD !== undefined
    ? { password: io.env.COSIGN_PASSWORD, passwordFrom: 'COSIGN_PASSWORD' }
    : {};
}

function list(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(/\r?\n/))
    .map((v) => v.trim())
    .filter(Boolean);
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--concurrency must be a positive integer, got "${value}"`);
  return n;
}

/** A failed image makes the run fail (1); else a refused one makes it 2; `--fail-on` says which count. */
function exitFor(result: RunResult, failOn: FailOn[] = FAIL_ON_DEFAULT): number {
  const failing = failingImages(result.images, failOn);
  if (failing.some((i) => i.status === 'failed')) return EXIT.failed;
  if (failing.some((i) => i.status === 'refused')) return EXIT.refusedOrUsage;
  return EXIT.ok;
}

type Io = { stdout: (s: string) => void; stderr: (s: string) => void; env: NodeJS.ProcessEnv; cwd: string };

/** `undo` and `history`: only the images and how to reach them; no patch sources. */
async function undoOrHistory(command: 'undo' | 'history', argv: string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        image: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        'insecure-registries': { type: 'string', multiple: true },
        concurrency: { type: 'string', default: '4' },
        timeout: { type: 'string', default: '10m' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    io.stderr(`layer-rebase ${command}: ${argumentError((error as Error).message, command)}`);
    return EXIT.refusedOrUsage;
  }
  if (args.help) {
    io.stdout(command === 'undo' ? UNDO_USAGE : HISTORY_USAGE);
    return EXIT.ok;
  }
  const log = streamLog((line) => io.stderr(inCliWords(line)), { verbose: args.verbose });
  try {
    const concurrency = parseConcurrency(args.concurrency);
    const options = {
      images: list(args.image),
      dryRun: args['dry-run'],
      insecureRegistries: list(args['insecure-registries']),
      concurrency,
      timeoutMs: parseTimeout('--timeout', args.timeout),
      log,
      credentials: dockerConfigResolver({ log, env: io.env }),
    };
    if (command === 'history') {
      if (options.images.length !== 1) throw new UsageError('history takes one --image <ref>');
      const h = await imageHistory(options.images[0]!, options);
      io.stdout(redact(args.json ? `${JSON.stringify(h, null, 2)}\n` : renderHistory(h)));
      return EXIT.ok;
    }
    const result = await undoImages(options);
    io.stdout(redact(inCliWords(args.json ? renderReport(result) : renderText(result))));
    return exitFor(result);
  } catch (error) {
    io.stderr(redact(`layer-rebase ${command}: ${inCliWords(describeError(error, { stackForBugs: true }))}`));
    return error instanceof UsageError ? EXIT.refusedOrUsage : EXIT.failed;
  }
}

const VERIFY_USAGE = `usage: layer-rebase verify --image <ref> [--all] [--json]

Re-derives the image from what its provenance label records — the image its newest patch replaced, each
swap's selector and patch image by digest, the run image by digest — and compares: exit 0 when the digest a
run would push is the image's, 1 with the first difference (or what is missing) otherwise. Pushes nothing
and needs no patch file; read access only.

  --image <ref>                 the image: a tag or a digest (one); an index is verified per platform and whole
  --all                         every recorded step, back to the first image layer-rebase did not make
  --no-verified-cache           keep and use no verdict on a patch layer in ~/.cache/layer-rebase
  --insecure-registries <host>  allow plain HTTP / unverified TLS for host[:port] (repeatable)
  --json                        print the result as JSON
  --verbose                     debug logging on stderr`;

/** `verify`: re-derive an image from its label and compare. */
async function verifyCommand(argv: string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        image: { type: 'string', multiple: true },
        all: { type: 'boolean', default: false },
        'no-verified-cache': { type: 'boolean', default: false },
        'insecure-registries': { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    io.stderr(`layer-rebase verify: ${argumentError((error as Error).message, 'verify')}`);
    return EXIT.refusedOrUsage;
  }
  if (args.help) {
    io.stdout(VERIFY_USAGE);
    return EXIT.ok;
  }
  const log = streamLog((line) => io.stderr(line), { verbose: args.verbose });
  try {
    const images = list(args.image);
    if (images.length !== 1) throw new UsageError('verify takes one --image <ref>');
    const result = await verifyImage({
      image: images[0]!,
      all: args.all,
      insecureRegistries: registryHosts(list(args['insecure-registries'])),
      cacheDir: defaultCacheDir(io.env, 'cli'),
      verifiedCache: !args['no-verified-cache'],
      log,
      credentials: dockerConfigResolver({ log, env: io.env }),
    });
    io.stdout(redact(args.json ? `${JSON.stringify(result, null, 2)}\n` : renderVerifyText(result)));
    return result.reproduced ? EXIT.ok : EXIT.failed;
  } catch (error) {
    io.stderr(redact(`layer-rebase verify: ${describeError(error, { stackForBugs: true })}`));
    return error instanceof UsageError ? EXIT.refusedOrUsage : EXIT.failed;
  }
}

export async function cli(argv: string[], raw: Io): Promise<number> {
  // Text from images, registries and patch files reaches the terminal (or a CI log) only neutralised.
  const io: Io = {
    ...raw,
    stdout: (s) => raw.stdout(neutralize(s)),
    stderr: (s) => raw.stderr(neutralize(s)),
  };
  if (argv[0] === 'undo' || argv[0] === 'history') return undoOrHistory(argv[0], argv.slice(1), io);
  if (argv[0] === 'verify') return verifyCommand(argv.slice(1), io);
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        image: { type: 'string', multiple: true },
        patches: { type: 'string', multiple: true },
        buildpacks: { type: 'string', multiple: true },
        builder: { type: 'string', multiple: true },
        tags: { type: 'string', multiple: true },
        'run-image': { type: 'string', default: '' },
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'insecure-registries': { type: 'string', multiple: true },
        concurrency: { type: 'string', default: '4' },
        timeout: { type: 'string', default: '10m' },
        'vulnerability-reports': { type: 'string', multiple: true },
        'vulnerability-report': { type: 'string', multiple: true },
        'require-fix': { type: 'string', default: '' },
        'fail-on': { type: 'string', default: '' },
        vex: { type: 'string' },
        // The action's verified-cache input (true by default): --no-verified-cache turns it off.
        'verified-cache': { type: 'boolean', default: true },
        'no-verified-cache': { type: 'boolean', default: false },
        sign: { type: 'string', default: '' },
        'signing-key': { type: 'string' },
        'signing-key-password': { type: 'string' },
        'signature-format': { type: 'string', default: 'both' },
        sigstore: { type: 'string', default: '' },
        'identity-token': { type: 'string' },
        attest: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    io.stderr(`layer-rebase: ${argumentError((error as Error).message)}`);
    return EXIT.refusedOrUsage;
  }
  if (args.version) {
    io.stdout(VERSION);
    return EXIT.ok;
  }
  if (args.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const log = streamLog((line) => io.stderr(inCliWords(line)), { verbose: args.verbose });
  try {
    const concurrency = parseConcurrency(args.concurrency);
    const requireFix = parseRequireFix('--require-fix', args['require-fix']);
    const failOn = parseFailOn('--fail-on', args['fail-on']);
    const signing = await signingOptions(
      {
        sign: args.sign,
        ...(args['signing-key']
          ? { key: await readSecretArg('--signing-key', args['signing-key'], io) }
          : {}),
        ...signingPassword(args['signing-key-password'], io),
        format: args['signature-format'],
        sigstore: args.sigstore,
        attest: args.attest,
        ...(args['identity-token']
          ? { identityToken: (await readSecretArg('--identity-token', args['identity-token'], io)).text }
          : {}),
      },
      CLI_NAMES,
      { env: io.env, cwd: io.cwd, readFile: (p) => readFile(p, 'utf8') },
    );
    const result = await rebaseImages({
      images: list(args.image),
      patches: list(args.patches),
      buildpacks: list(args.buildpacks),
      builders: list(args.builder),
      tags: list(args.tags),
      runImage: args['run-image'].trim(),
      force: args.force,
      dryRun: args['dry-run'],
      insecureRegistries: list(args['insecure-registries']),
      concurrency,
      timeoutMs: parseTimeout('--timeout', args.timeout),
      vulnerabilityReports: list([
        ...(args['vulnerability-reports'] ?? []),
        ...(args['vulnerability-report'] ?? []),
      ]),
      ...(requireFix ? { requireFix } : {}),
      ...(signing ? { signing } : {}),
      cacheDir: defaultCacheDir(io.env, 'cli'),
      verifiedCache: !args['no-verified-cache'],
      cwd: io.cwd,
      // As the action does: a patch file in the workspace that no checkout holds is named relative to it.
      ...(io.env.GITHUB_WORKSPACE ? { workspace: resolve(io.cwd, io.env.GITHUB_WORKSPACE) } : {}),
      log,
      credentials: dockerConfigResolver({ log, env: io.env }),
    });
    // The run's warnings went to stderr through the log as they happened: not again here.
    io.stdout(redact(inCliWords(args.json ? renderReport(result) : renderText(result))));
    if (args.vex) {
      const path = resolve(io.cwd, args.vex);
      await writeFile(path, redact(renderVex(result, VERSION)));
      io.stderr(`wrote OpenVEX ${path}`);
    }
    return exitFor(result, failOn);
  } catch (error) {
    // One line: every usage mistake's message says what is wrong and what to write instead.
    io.stderr(redact(`layer-rebase: ${inCliWords(describeError(error, { stackForBugs: true }))}`));
    return error instanceof UsageError ||
      (error instanceof LayerRebaseError &&
        (error.code === 'invalid-patch-file' ||
          error.code === 'invalid-vulnerability-report' ||
          error.code === 'signing-key' ||
          error.code === SCOPE_VIOLATION))
      ? EXIT.refusedOrUsage
      : EXIT.failed;
  }
}
