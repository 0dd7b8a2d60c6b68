/**
 * `npm run bench`: what patching costs next to re-pushing the same images with `skopeo copy`, measured
 * in one run on this machine and printed as ratios (absolute numbers depend on the machine; the ratios
 * are the result). Both sides run as processes (ours is the bundled CLI, dist/, as users run it) and
 * go through a counting proxy in front of each real registry, so bytes and requests are counted the
 * same way for both.
 *
 * scenarios (each a median of BENCH_SAMPLES runs on fresh images):
 *   same registry, cold  — patch IMAGES images in place; the patch layer has never been verified
 *   same registry, warm  — the same on new images, with the verified-layer cache of a previous run
 *   cross registry, cold — patch one image into another registry (`--tags`), every layer copied; once
 *                          with random bytes (gzip stores them: inflating is a copy) and once with
 *                          machine code (~2.8:1: inflating is real work, also timed alone)
 *   fleet                — many small images: requests and connections per image
 *   signing              — BENCH_SIGNED (default 12) two-platform apps patched unsigned, then signed with a
 *                          key and keyless (Fulcio and Rekor on loopback) in each format, on a registry
 *                          without and with the referrers API: what signing adds per image and per
 *                          signed manifest, with guards (requests, empty config, double uploads, certificates)
 * baseline: `skopeo copy` of the same images (same registry: into a new repository; cross: to B).
 *
 * BENCH_IMAGES (default 2), BENCH_PATCH_MIB (size of the patched layer, default 64), BENCH_SAMPLES (3).
 * BENCH_LOG=1 also prints the requests of our last run of each scenario (method, path, status);
 * BENCH_LOG=signing those of each signed run.
 * BENCH_CLI=<path of a dist/cli/index.js>: measure that build instead of this checkout's.
 *
 * A network that is not loopback: BENCH_RTT_MS=20 makes the proxies hold each request one round trip
 * before forwarding it, and the first request of each new connection two more (TCP and TLS 1.3
 * handshakes); BENCH_MBPS=100 caps each registry's link at 100 MB/s each way, shared by all its
 * connections. Both sides go through the same proxies, so request counts, connection reuse and
 * concurrency show in wall time as they would against a registry across a network.
 */
import { generateKeyPairSync } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { Transform } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { silentLog } from '../src/log.js';
import { parseReference } from '../src/oci/reference.js';
import { Stores } from '../src/oci/stores.js';
import { parseManifest } from '../src/oci/types.js';
import { buildCnbImage, npmDepsLayer, type BuildpackLayerSpec } from '../test/fixtures/cnb.js';
import { pushIndex } from '../test/fixtures/images.js';
import { startRegistryProxy } from '../test/harness/registry-proxy.js';
import { fakeIdentityToken, startMockSigstore } from '../test/harness/sigstore.js';
import { freePort, waitFor } from '../test/harness/processes.js';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 2);
const PATCH_MIB = Number(process.env.BENCH_PATCH_MIB ?? 64);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3);
// BENCH_CLI: another build of the CLI (a checkout of the commit before a change), for before and after.
const CLI = resolve(process.env.BENCH_CLI ?? resolve(import.meta.dirname, '../dist/cli/index.js'));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 0);
const MBPS = Number(process.env.BENCH_MBPS ?? 0);

/** One direction of a registry's link: chunks leave no faster than BENCH_MBPS, whoever sends them. */
class Link {
  private free = 0;
  constructor(private readonly bytesPerMs: number) {}
  /** A stream that passes its chunks on at the link's pace (all streams of one link share it). */
  pace(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        const now = performance.now();
        this.free = Math.max(now, this.free) + chunk.length / this.bytesPerMs;
        const wait = this.free - now;
        // Timers are coarse: run ahead of the link by a few milliseconds rather than sleep for less.
        if (wait > 4) setTimeout(() => done(null, chunk), wait);
        else done(null, chunk);
      },
    });
  }
}

type Content = 'random' | 'binary';
const CONTENT: Record<Content, string> = {
  random: 'random bytes (stored blocks)',
  binary: 'machine code (~2.8:1)',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const newConnections = new WeakSet<Socket>();

/** The request as the client sent it, held back as a network would: a round trip, and a handshake on a new connection. */
async function delayed(req: IncomingMessage): Promise<void> {
  if (RTT_MS <= 0) return;
  const handshake = newConnections.has(req.socket);
  newConnections.delete(req.socket);
  await sleep(RTT_MS * (handshake ? 3 : 1));
}

interface Counters {
  bytes: number;
  requests: number;
  connections: number;
  log: string[];
}

/** A loopback proxy that forwards to a registry and counts requests and bytes both ways. */
async function countingProxy(target: string): Promise<{ host: string; counters: Counters; server: Server }> {
  const counters: Counters = { bytes: 0, requests: 0, connections: 0, log: [] };
  const [targetHost, targetPort] = target.split(':');
  const down = MBPS > 0 ? new Link(MBPS * 1000) : undefined;
  const up = MBPS > 0 ? new Link(MBPS * 1000) : undefined;
  const server = createServer(async (req, res) => {
    counters.requests++;
    req.pause();
    await delayed(req);
    const upstream = httpRequest(
      { host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        // Digests shortened: the log is for reading which requests a run makes.
        counters.log.push(
          `${req.method} ${req.url?.replace(/sha256:[0-9a-f]{64}/g, (d) => d.slice(0, 19))} ${answer.statusCode}`,
        );
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('data', (c: Buffer) => (counters.bytes += c.length));
        if (down) answer.pipe(down.pace()).pipe(res);
        else answer.pipe(res);
      },
    );
    req.on('data', (c: Buffer) => (counters.bytes += c.length));
    if (up) req.pipe(up.pace()).pipe(upstream);
    else req.pipe(upstream);
    upstream.on('error', () => res.destroy());
  });
  // New TCP connections from the client: on a real registry each is a TCP + TLS handshake.
  server.on('connection', (socket: Socket) => {
    counters.connections++;
    newConnections.add(socket);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { host: `127.0.0.1:${port}`, counters, server };
}

async function registry(dir: string, name: string) {
  const port = await freePort();
  const config = join(dir, `${name}.yml`);
  await writeFile(
    config,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, name)}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${port}/v2/`, (s) => s === 200, child);
  return { host: `127.0.0.1:${port}`, child };
}

interface Sample {
  log?: string[];
  wall: number;
  rssKiB: number | undefined;
  /** CPU seconds of the measured process (user + system), and of the whole machine meanwhile. */
  cpu: number | undefined;
  machineCpu: number | undefined;
  bytes: number;
  requests: number;
  connections: number;
}

/** Runs a command under GNU time (wall, peak RSS) while the proxies count. */
async function measure(
  command: string,
  args: string[],
  counters: Counters[],
  env: NodeJS.ProcessEnv,
): Promise<Sample> {
  for (const c of counters) {
    c.bytes = c.requests = c.connections = 0;
    c.log = [];
  }
  const timeFile = join(tmpdir(), `bench-time-${process.pid}-${Date.now()}`);
  const [cmd, argv] = TIME
    ? [TIME, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args]]
    : [command, args];
  const busyBefore = await machineBusy();
  const started = performance.now();
  await new Promise<void>((done, fail) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) =>
      code === 0 ? done() : fail(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
  const wall = (performance.now() - started) / 1000;
  const busyAfter = await machineBusy();
  let rssKiB: number | undefined;
  let cpu: number | undefined;
  if (TIME) {
    const fields = (await readFile(timeFile, 'utf8')).trim().split('\n').pop()!.split(/\s+/).map(Number);
    cpu = fields[1]! + fields[2]!;
    rssKiB = fields[3];
    await rm(timeFile, { force: true });
  }
  return {
    log: counters.flatMap((c) => c.log),
    wall,
    rssKiB,
    cpu,
    machineCpu: busyBefore === undefined || busyAfter === undefined ? undefined : busyAfter - busyBefore,
    bytes: counters.reduce((n, c) => n + c.bytes, 0),
    requests: counters.reduce((n, c) => n + c.requests, 0),
    connections: counters.reduce((n, c) => n + c.connections, 0),
  };
}

/**
 * Busy CPU seconds of the whole machine so far (/proc/stat: all but idle and iowait): registries,
 * proxies and the measured client share 2 cores, so what one side adds shows here.
 */
async function machineBusy(): Promise<number | undefined> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => undefined);
  const cpu = stat?.split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!cpu || cpu.length < 5) return undefined;
  const total = cpu.reduce((s, x) => s + x, 0);
  return (total - cpu[3]! - cpu[4]!) / 100;
}

const mid = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

function median(samples: Sample[]): Sample {
  return {
    wall: mid(samples.map((s) => s.wall)),
    rssKiB: samples[0]!.rssKiB === undefined ? undefined : mid(samples.map((s) => s.rssKiB!)),
    cpu: samples[0]!.cpu === undefined ? undefined : mid(samples.map((s) => s.cpu!)),
    machineCpu: samples[0]!.machineCpu === undefined ? undefined : mid(samples.map((s) => s.machineCpu!)),
    bytes: mid(samples.map((s) => s.bytes)),
    requests: mid(samples.map((s) => s.requests)),
    connections: mid(samples.map((s) => s.connections)),
  };
}

/** One way of signing on one registry: the signed fleet next to the unsigned one. */
interface SigningRow {
  way: 'key' | 'keyless';
  format: 'bundle' | 'legacy' | 'both';
  registry: string;
  images: number;
  manifests: number;
  repositories: number;
  unsigned: Sample;
  signed: Sample;
  /** Requests to Fulcio and Rekor in the signed run. */
  sigstore: { fulcio: number; rekor: number };
  /** The most existence checks of the empty config blob (`{}`) in any one repository: once per repository. */
  emptyConfig: number;
  /** `repository digest` of every blob uploaded more than once into the same repository. */
  twice: string[];
}

/**
 * Requests a signed manifest may add, on the registry without the referrers API (the dearer one). A
 * bundle: its blob (POST, PUT), the referrer (PUT), the referrers tag read, written and read back; a
 * legacy signature: payload and config blobs, the .sig tag read, written and read back; a share of
 * the empty config (checked and uploaded once per repository).
 */
const MAX_SIGNING_REQUESTS = { bundle: 7, legacy: 8, both: 14 };

const EMPTY_CONFIG = 'sha256:44136fa355b3'; // as the request log shortens it

/** From a request log: how often one repository was asked whether it has the empty config, and blobs uploaded twice. */
function writesOf(log: string[]): { emptyConfig: number; twice: string[] } {
  const emptyConfig = new Map<string, number>();
  const uploads = new Map<string, number>();
  for (const line of log) {
    const [method, url, status] = line.split(' ');
    const repo = /^\/v2\/(.+?)\/blobs\//.exec(url ?? '')?.[1];
    if (!repo) continue;
    if ((method === 'GET' || method === 'HEAD') && url!.includes(`/blobs/${EMPTY_CONFIG}`))
      emptyConfig.set(repo, (emptyConfig.get(repo) ?? 0) + 1);
    const uploaded = /[?&]digest=(sha256:[0-9a-f]+)/.exec(url!)?.[1];
    if (uploaded && (method === 'PUT' || method === 'POST') && status === '201') {
      const key = `${repo} ${uploaded}`;
      uploads.set(key, (uploads.get(key) ?? 0) + 1);
    }
  }
  return {
    emptyConfig: Math.max(0, ...emptyConfig.values()),
    twice: [...uploads].filter(([, n]) => n > 1).map(([k]) => k),
  };
}

/** What must hold of every signed run; each broken rule is one line. */
function signingGuards(rows: SigningRow[]): string[] {
  const problems: string[] = [];
  for (const r of rows) {
    const which = `${r.way}, ${r.format}, ${r.registry}`;
    const added = (r.signed.requests - r.unsigned.requests) / r.manifests;
    if (added > MAX_SIGNING_REQUESTS[r.format])
      problems.push(
        `signing (${which}) adds ${added.toFixed(1)} requests per signed manifest (at most ${MAX_SIGNING_REQUESTS[r.format]}): a request crept in (a second upload, a HEAD before every GET)`,
      );
    if (r.emptyConfig > 1)
      problems.push(
        `signing (${which}) checked for the empty config ${r.emptyConfig} times in one repository (once per repository)`,
      );
    if (r.twice.length > 0) problems.push(`signing (${which}) uploaded blobs twice: ${r.twice.join(', ')}`);
    const certificates = r.way === 'keyless' ? 1 : 0;
    if (r.sigstore.fulcio !== certificates)
      problems.push(
        `signing (${which}) asked Fulcio for ${r.sigstore.fulcio} certificates (${certificates} per run)`,
      );
  }
  return problems;
}

const cpus = (s: Sample) =>
  s.cpu === undefined ? 'n/a' : `${s.cpu.toFixed(1)}, ${s.machineCpu?.toFixed(1) ?? 'n/a'}`;
const mb = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`);
// Below 1 MB on the baseline side a ratio of bytes says little: both moved only metadata.
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));

const dir = await mkdtemp(join(tmpdir(), 'layer-rebase-bench-'));
const a = await registry(dir, 'a');
const b = await registry(dir, 'b');
const pa = await countingProxy(a.host);
const pb = await countingProxy(b.host);
try {
  const stores = new Stores({ credentials: async () => undefined, log: silentLog });
  const at = (ref: string) => stores.storeFor(parseReference(ref));
  /**
   * The big layer's content, in files of at most 256 MiB. `random`: bytes that do not compress (gzip
   * writes stored blocks, so inflating them is a copy and a CRC): what moves is the size. `binary`:
   * real machine code, the Node executable's own bytes cycled (~2.8:1 under gzip, as a JRE's
   * libjvm.so is): inflating them is real work, the one cost skopeo does not pay.
   */
  const executable = await readFile(process.execPath);
  const filler = (mib: number, seed: string, kind: Content = 'random'): Record<string, Buffer> => {
    const files: Record<string, Buffer> = {};
    for (let part = 0; part * 256 < mib; part++) {
      const size = Math.min(256, mib - part * 256) * 1024 * 1024;
      const bytes = kind === 'random' ? randomBytes(size) : Buffer.allocUnsafe(size);
      if (kind === 'binary')
        for (let at = 0; at < size; at += executable.length) executable.copy(bytes, at, 0, size - at);
      files[`lib/libnode-${part}.so`] = Buffer.concat([Buffer.from(seed), bytes]);
    }
    return files;
  };
  const runtime = (version: string, files: Record<string, Buffer>): BuildpackLayerSpec => ({
    buildpack: 'example/node',
    name: 'node',
    files: {
      'bin/node': `node ${version}`,
      ...Object.fromEntries(
        Object.entries(files).map(([k, v]) => [k, Buffer.concat([Buffer.from(version), v])]),
      ),
    },
    data: { artifact: { version } },
    rebasable: true,
  });
  /** A patch file (in the run's directory) that swaps the node layer for the one in `patchImage`. */
  const nodePatchFile = async (name: string, patchImage: string) => {
    const file = join(dir, name);
    const patch = { buildpack: 'example/node', layer: 'node', 'patch-image': patchImage };
    await writeFile(file, JSON.stringify({ patches: [patch] }));
    return file;
  };
  /** The patch image with the big layer of this content, pushed to A at first use; its patch file. */
  const patchImages = new Map<Content, Promise<{ file: string; image: string }>>();
  const patchFor = (kind: Content) => {
    let made = patchImages.get(kind);
    if (!made) {
      made = (async () => {
        const image = `patches/node-${kind}:22.11.1`;
        const layers = [runtime('22.11.1', filler(PATCH_MIB, '', kind))];
        await buildCnbImage(at(`${a.host}/${image}`), { layers }, '22.11.1');
        return { file: await nodePatchFile(`patches-${kind}.json`, `${pa.host}/${image}`), image };
      })();
      patchImages.set(kind, made);
    }
    return made;
  };
  let serial = 0;
  const freshApps = async (count: number, kind: Content = 'random') => {
    const refs: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `fleet/app-${serial++}`;
      // Every app's runtime layer is its own bytes, so no copy finds it already there.
      const own = filler(PATCH_MIB, name, kind);
      await buildCnbImage(at(`${a.host}/${name}:prod`), { layers: [runtime('22.11.0', own)] }, 'prod');
      refs.push(name);
    }
    return refs;
  };
  const cliEnv = (cache: string) => ({ PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: cache });
  // BENCH_PROFILE=<dir>: our runs write V8 CPU profiles there (node --cpu-prof).
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE]
    : [];
  const ours = async (names: string[], cache: string, extra: string[] = [], kind: Content = 'random') =>
    measure(
      process.execPath,
      [
        ...profile,
        CLI,
        ...names.flatMap((n) => ['--image', `${pa.host}/${n}:prod`]),
        '--patches',
        (await patchFor(kind)).file,
        ...extra,
      ],
      [pa.counters, pb.counters],
      cliEnv(cache),
    );
  /** skopeo copies of `name:tag` images from A, one after another; `to` names each destination. */
  const skopeo = async (sources: string[], to: (source: string) => string) => {
    const samples: Sample[] = [];
    for (const n of sources) {
      samples.push(
        await measure(
          'skopeo',
          [
            'copy',
            '--quiet',
            '--src-tls-verify=false',
            '--dest-tls-verify=false',
            `docker://${pa.host}/${n}`,
            `docker://${to(n)}`,
          ],
          [pa.counters, pb.counters],
          // A fresh HOME: no blob-info cache from an earlier copy lets skopeo skip the bytes.
          { PATH: process.env.PATH, HOME: await mkdtemp(join(dir, 'skopeo-home-')) },
        ),
      );
    }
    // A fleet copied one image after another: sums, and the peak of the peaks.
    return {
      wall: samples.reduce((s, x) => s + x.wall, 0),
      rssKiB: samples[0]?.rssKiB === undefined ? undefined : Math.max(...samples.map((x) => x.rssKiB!)),
      cpu: samples[0]?.cpu === undefined ? undefined : samples.reduce((s, x) => s + x.cpu!, 0),
      machineCpu:
        samples[0]?.machineCpu === undefined ? undefined : samples.reduce((s, x) => s + x.machineCpu!, 0),
      bytes: samples.reduce((s, x) => s + x.bytes, 0),
      requests: samples.reduce((s, x) => s + x.requests, 0),
      connections: samples.reduce((s, x) => s + x.connections, 0),
    };
  };

  /** One process that only inflates the patch layer (read from a file): the floor of verifying it. */
  const inflateAlone = async (image: string): Promise<Sample> => {
    const store = at(`${a.host}/${image}`);
    const manifest = parseManifest((await store.getManifest(image.split(':')[1]!)).bytes, image);
    if (manifest.kind !== 'image') throw new Error(`${image} is not an image manifest`);
    const layer = manifest.value.layers.reduce((x, y) => (y.size > x.size ? y : x));
    const file = join(dir, 'patch-layer.gz');
    if (!existsSync(file)) await pipeline(await store.getBlob(layer), createWriteStream(file));
    // Read and inflated 1 MiB at a time: the fastest this Node inflates it, the floor of the check.
    const script =
      "require('node:fs').createReadStream(process.argv[1], { highWaterMark: 1 << 20 }).pipe(require('node:zlib').createGunzip({ chunkSize: 1 << 20 })).resume()";
    return measure(process.execPath, ['-e', script, file], [], { PATH: process.env.PATH });
  };
  const prod = (names: string[]) => names.map((n) => `${n}:prod`);
  const rows: { name: string; ours: Sample; base: Sample; perImage?: number; log?: string[] }[] = [];
  // BENCH_ONLY=cross (a word of the scenario's name) runs only the scenarios that have it.
  const only = process.env.BENCH_ONLY;

  /**
   * Each way of signing (a key; keyless against Fulcio and Rekor on loopback, @sigstore/mock) in each
   * format, on a registry without the referrers API (the referrers tag) and with it, against an
   * unsigned run of the same fleet on the same registry: `count` two-platform apps, 4 tags per
   * repository, concurrency 4.
   */
  const signingMatrix = async (count: number): Promise<SigningRow[]> => {
    const sigstore = await startMockSigstore();
    const referrersProxy = await startRegistryProxy(
      { name: 'referrers API', upstream: 'open', referrersApi: true },
      a.host,
    );
    const pr = await countingProxy(referrersProxy.host);
    try {
      const config = join(dir, 'signing-config.json');
      await writeFile(config, sigstore.signingConfig({ rekor: true }));
      const keyFile = join(dir, 'cosign.key');
      await writeFile(
        keyFile,
        generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }),
      );
      const token = fakeIdentityToken({
        sub: 'https://github.com/acme/infra/.github/workflows/nightly.yml@refs/heads/main',
        iss: 'https://token.actions.githubusercontent.com',
      });
      const platforms = ['amd64', 'arm64'].map((architecture) => ({ os: 'linux', architecture }));
      const patchRepo = 'patches/node-signing';
      await pushIndex(
        at(`${a.host}/${patchRepo}`),
        await Promise.all(
          platforms.map((platform) =>
            buildCnbImage(at(`${a.host}/${patchRepo}`), { platform, layers: [runtime('22.11.1', {})] }),
          ),
        ),
        { tag: '22.11.1' },
      );
      const fleet = async (label: string) => {
        const refs: string[] = [];
        for (let i = 0; i < count; i++) {
          const repo = `signing/${label}-${serial}/svc-${Math.floor(i / 4)}`;
          const apps = [];
          for (const platform of platforms)
            apps.push(
              await buildCnbImage(at(`${a.host}/${repo}`), {
                platform,
                layers: [runtime('22.11.0', {}), npmDepsLayer(`${label} ${i} ${platform.architecture}`)],
              }),
            );
          await pushIndex(at(`${a.host}/${repo}`), apps, { tag: `t${i % 4}` });
          refs.push(`${repo}:t${i % 4}`);
        }
        serial++;
        return refs;
      };
      const rowsOut: SigningRow[] = [];
      for (const [registryName, proxy] of [
        ['referrers tag (no referrers API)', pa],
        ['referrers API', pr],
      ] as const) {
        const patches = await nodePatchFile(
          `signing-patches-${proxy.host.replace(':', '-')}.json`,
          `${proxy.host}/${patchRepo}:22.11.1`,
        );
        const run = async (label: string, extra: string[]) => {
          const refs = await fleet(label);
          const before = { ...sigstore.counts };
          const sample = await measure(
            process.execPath,
            [
              CLI,
              ...refs.flatMap((r) => ['--image', `${proxy.host}/${r}`]),
              '--patches',
              patches,
              '--concurrency',
              '4',
              ...extra,
            ],
            [proxy.counters],
            { ...cliEnv(await mkdtemp(join(dir, 'cache-signing-'))), SIGSTORE_ID_TOKEN: token },
          );
          const used = {
            fulcio: sigstore.counts.fulcio - before.fulcio,
            rekor: sigstore.counts.rekor - before.rekor,
          };
          return { sample, used, repositories: new Set(refs.map((r) => r.split(':')[0])).size };
        };
        const unsigned = await run('unsigned', []);
        for (const way of ['key', 'keyless'] as const)
          for (const format of ['bundle', 'legacy', 'both'] as const) {
            const signed = await run(`${way}-${format}`, [
              '--sign',
              way,
              ...(way === 'key' ? ['--signing-key', keyFile] : ['--sigstore', config]),
              '--signature-format',
              format,
            ]);
            rowsOut.push({
              way,
              format,
              registry: registryName,
              images: count,
              // Each app: its two platform manifests and its index.
              manifests: count * 3,
              repositories: signed.repositories,
              unsigned: unsigned.sample,
              signed: signed.sample,
              sigstore: signed.used,
              ...writesOf(signed.sample.log!),
            });
          }
      }
      return rowsOut;
    } finally {
      pr.server.close();
      await referrersProxy.close();
      await sigstore.close();
    }
  };
  const scenario = async (name: string, one: () => Promise<{ ours: Sample; base: Sample }>) => {
    if (only && !name.includes(only)) return;
    const o: Sample[] = [];
    const s: Sample[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const r = await one();
      o.push(r.ours);
      s.push(r.base);
    }
    rows.push({ name, ours: median(o), base: median(s), log: o.at(-1)!.log! });
  };

  await scenario(`same registry, cold (${IMAGES} images)`, async () => {
    const names = await freshApps(IMAGES);
    const cache = await mkdtemp(join(dir, 'cache-'));
    return {
      ours: await ours(names, cache),
      base: await skopeo(prod(names), (n) => `${pa.host}/${n.replace(/:prod$/, '-copy:prod')}`),
    };
  });
  const warmCache = await mkdtemp(join(dir, 'cache-warm-'));
  if (!only || 'same registry, warm'.includes(only)) await ours(await freshApps(1), warmCache);
  await scenario(`same registry, warm (${IMAGES} images)`, async () => {
    const names = await freshApps(IMAGES);
    return {
      ours: await ours(names, warmCache),
      base: await skopeo(prod(names), (n) => `${pa.host}/${n.replace(/:prod$/, '-copy:prod')}`),
    };
  });
  // One image into another registry: every layer is copied, the patch layer verified on the way.
  const notes: string[] = [];
  for (const kind of ['random', 'binary'] as const) {
    const inflations: number[] = [];
    await scenario(`cross registry, cold, ${CONTENT[kind]} (1 image, --tags into B)`, async () => {
      const names = await freshApps(1, kind);
      const cache = await mkdtemp(join(dir, 'cache-'));
      if (kind === 'binary') inflations.push((await inflateAlone((await patchFor(kind)).image)).wall);
      return {
        ours: await ours(names, cache, ['--tags', `${pb.host}/${names[0]}:prod`], kind),
        base: await skopeo(prod(names), (n) => `${pb.host}/${n}`),
      };
    });
    const row = rows.find((r) => r.name.includes(CONTENT[kind]));
    if (row && inflations.length > 0) {
      // The goal for a layer that must be inflated to be verified: at most 1.1 × the slower of
      // skopeo's copy and inflating the blob alone; nothing else may add to it.
      const inflate = mid(inflations);
      const bound = Math.max(row.base.wall, inflate);
      notes.push(
        `${CONTENT[kind]}: inflating the patch layer alone (node zlib, 1 MiB blocks, one process) ${inflate.toFixed(2)} s; ours ${row.ours.wall.toFixed(2)} s = ${(row.ours.wall / bound).toFixed(2)} × max(skopeo, inflate)`,
      );
    }
  }

  const FLEET = Number(process.env.BENCH_FLEET ?? 100);
  if (FLEET > 0 && (!only || `fleet of ${FLEET}`.includes(only))) {
    // Small layers: what a fleet run costs in requests and connections, not in bytes.
    const smallPatch = `${pa.host}/patches/node-small:22.11.1`;
    await buildCnbImage(
      at(smallPatch.replace(pa.host, a.host)),
      { layers: [runtime('22.11.1', {})] },
      '22.11.1',
    );
    const fleetPatches = await nodePatchFile('fleet-patches.json', smallPatch);
    const refs: string[] = [];
    for (let i = 0; i < FLEET; i++) {
      const repo = `fleet/svc-${Math.floor(i / 4)}`;
      const tag = `t${i % 4}`;
      await buildCnbImage(
        at(`${a.host}/${repo}:${tag}`),
        { layers: [runtime('22.11.0', {}), npmDepsLayer(`deps ${i}`)] },
        tag,
      );
      refs.push(`${repo}:${tag}`);
    }
    const cache = await mkdtemp(join(dir, 'cache-fleet-'));
    const mine = await measure(
      process.execPath,
      [
        CLI,
        ...refs.flatMap((r) => ['--image', `${pa.host}/${r}`]),
        '--patches',
        fleetPatches,
        '--concurrency',
        '4',
      ],
      [pa.counters, pb.counters],
      cliEnv(cache),
    );
    const base = await skopeo(refs, (r) => `${pa.host}/${r}-copy`);
    rows.push({
      name: `fleet of ${FLEET} (${FLEET / 4} repositories × 4 tags), concurrency 4`,
      ours: mine,
      base,
      perImage: FLEET,
    });
  }
  // What signing adds, per image and per signed manifest: the same fleet of two-platform apps patched
  // unsigned (the baseline) and signed, for each way of signing × format × registry (without the
  // referrers API: the referrers tag; with it: the harness's referrers personality in front of A).
  const SIGNED = Number(process.env.BENCH_SIGNED ?? 12);
  const signingRows = SIGNED > 0 && (!only || 'signing'.includes(only)) ? await signingMatrix(SIGNED) : [];
  const lines = [
    `layer-rebase (dist/cli) vs skopeo copy; patched layer ${PATCH_MIB} MiB; median of ${SAMPLES}; ${process.version}${RTT_MS > 0 ? `; ${RTT_MS} ms round trip per request` : ''}${MBPS > 0 ? `; ${MBPS} MB/s per registry link` : ''}`,
    '',
    '| scenario | bytes ours / skopeo | requests | connections | wall | CPU s: client, machine | peak RSS |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${mb(r.ours.bytes)} / ${mb(r.base.bytes)}${r.base.bytes >= 1e6 ? ` = ${ratio(r.ours.bytes, r.base.bytes)}` : ''} | ${r.ours.requests} / ${r.base.requests} = ${ratio(r.ours.requests, r.base.requests)}${r.perImage ? ` (${(r.ours.requests / r.perImage).toFixed(2)}/image)` : ''} | ${r.ours.connections} / ${r.base.connections} | ${r.ours.wall.toFixed(2)} s / ${r.base.wall.toFixed(2)} s = ${ratio(r.ours.wall, r.base.wall)} | ${cpus(r.ours)} / ${cpus(r.base)} | ${r.ours.rssKiB === undefined ? 'n/a' : `${(r.ours.rssKiB / 1024).toFixed(0)} / ${(r.base.rssKiB! / 1024).toFixed(0)} MiB = ${ratio(r.ours.rssKiB, r.base.rssKiB!)}`} |`,
    ),
    '',
    ...notes,
    ...(notes.length > 0 ? [''] : []),
  ];
  if (signingRows.length > 0) {
    const first = signingRows[0]!;
    lines.push(
      `signing: ${first.images} two-platform apps in ${first.repositories} repositories (${first.manifests} manifests signed: each platform and the index), concurrency 4, added to an unsigned run of the same fleet on the same registry; keyless: Fulcio and Rekor on loopback (@sigstore/mock)`,
      '',
      '| signing | format | registry | requests added per image / per manifest | bytes added per image | wall signed / unsigned | Fulcio, Rekor requests | empty config checks per repository | blobs uploaded twice |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...signingRows.map((r) => {
        const added = r.signed.requests - r.unsigned.requests;
        return `| ${r.way} | ${r.format} | ${r.registry} | ${(added / r.images).toFixed(1)} / ${(added / r.manifests).toFixed(1)} | ${mb((r.signed.bytes - r.unsigned.bytes) / r.images)} | ${r.signed.wall.toFixed(2)} s / ${r.unsigned.wall.toFixed(2)} s = ${ratio(r.signed.wall, r.unsigned.wall)} | ${r.sigstore.fulcio}, ${r.sigstore.rekor} | ${r.emptyConfig} | ${r.twice.length === 0 ? 'none' : r.twice.join(', ')} |`;
      }),
      '',
    );
    for (const problem of signingGuards(signingRows)) {
      process.stderr.write(`bench guard: ${problem}\n`);
      process.exitCode = 1;
    }
  }
  if (process.env.BENCH_LOG === 'signing')
    for (const r of signingRows)
      lines.push(
        `requests of the signed run, ${r.way}, ${r.format}, ${r.registry}:`,
        ...r.signed.log!.map((l) => `  ${l}`),
        '',
      );
  if (process.env.BENCH_LOG)
    for (const r of rows.filter((r) => r.log))
      lines.push(`requests of our last run, ${r.name}:`, ...r.log!.map((l) => `  ${l}`), '');
  process.stdout.write(lines.join('\n'));
} finally {
  a.child.kill();
  b.child.kill();
  pa.server.close();
  pb.server.close();
  await rm(dir, { recursive: true, force: true });
}
