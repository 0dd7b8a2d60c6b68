import type { Digest } from '../oci/digest.js';
import { withoutQuery } from '../secrets.js';

/**
 * The in-toto statements a run attests for each manifest it pushes (buildpacks RFC 298 asks a rebase to
 * re-attest what it changes). Pure: the same facts give the same bytes.
 *
 * - SLSA provenance v1 for the new digest: the operation (buildType), the inputs that decide the result
 *   (externalParameters), and every artifact it was made from by digest (resolvedDependencies). What the
 *   replaced image's own provenance said is not copied: it is referenced by the replaced image's digest.
 * - The applied-patches predicate: what was patched, as the `predicate` output has it.
 */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const APPLIED_PATCHES_V1 = 'https://github.com/layer-rebase/layer-rebase/applied-patches/v1';
export const REBASE_BUILD_TYPE = 'https://github.com/layer-rebase/layer-rebase/rebase/v1';

export interface ResourceDescriptor {
  uri: string;
  digest?: Record<string, string>;
  name?: string;
}

export interface ProvenanceFacts {
  /** The manifest attested, and the repository it is named by. */
  subject: { repository: string; digest: Digest };
  /** The image reference the run was given. */
  image: string;
  /** Patch sources as the label records them: `name#sha256=<hex>` for local files, URLs without query. */
  patchSources: string[];
  /**
   * The sha256 of what a patch source recorded without a pin (a URL) gave this run, by recorded source:
   * several when URLs that differ only in their query (which the label leaves out) gave other files.
   */
  fetched?: ReadonlyMap<string, readonly string[]>;
  force: boolean;
  runImage: string;
  /** The manifest (platform or index) this one replaced, by digest, in `repository`. */
  replaced: { repository: string; digest: Digest };
  /** `reference@sha256:…` of each patch image used. */
  patchImages: string[];
  /** The run image rebased onto, `reference@sha256:…`. */
  runImageResolved?: string;
  /** Who ran it: the workflow (GitHub's build provenance names it so) or the signing identity. */
  builderId: string;
  /** The run's URL, when there is one. */
  invocationId?: string;
  startedOn: string;
  version: string;
}

const hexOf = (digest: string) => digest.slice(digest.indexOf(':') + 1);

/** `oci://ghcr.io/acme/app@sha256:…` with its digest: how SLSA names an image dependency. */
function imageDependency(reference: string, name?: string): ResourceDescriptor {
  const at = reference.lastIndexOf('@');
  const digest = reference.slice(at + 1);
  return {
    uri: `oci://${reference}`,
    digest: { [digest.slice(0, digest.indexOf(':'))]: hexOf(digest) },
    ...(name ? { name } : {}),
  };
}

/** A patch file: its canonical name and sha256 (`#sha256=` of the label), a URL with its pin when pinned. */
function fileDependencies(source: string, fetched: readonly string[] = []): ResourceDescriptor[] {
  const m = /^(.*?)#sha256=([0-9a-f]{64})(?: \(buildpack [^)]*\))?$/.exec(source);
  if (m) return [{ uri: withoutQuery(m[1]!), digest: { sha256: m[2]! } }];
  if (fetched.length === 0) return [{ uri: withoutQuery(source) }];
  return [...new Set(fetched)].sort().map((sha256) => ({ uri: withoutQuery(source), digest: { sha256 } }));
}

const statement = (
  subject: { repository: string; digest: Digest },
  predicateType: string,
  predicate: unknown,
) =>
  Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: subject.repository, digest: { sha256: hexOf(subject.digest) } }],
      predicateType,
      predicate,
    }),
  );

export function provenanceStatement(f: ProvenanceFacts): Buffer {
  const dependencies: ResourceDescriptor[] = [
    imageDependency(`${f.replaced.repository}@${f.replaced.digest}`, 'replaced image'),
    ...[...new Set(f.patchImages)].sort().map((p) => imageDependency(p, 'patch image')),
    ...(f.runImageResolved ? [imageDependency(f.runImageResolved, 'run image')] : []),
    ...[...new Set(f.patchSources)].sort().flatMap((p) => fileDependencies(p, f.fetched?.get(p))),
  ];
  return statement(f.subject, SLSA_PROVENANCE_V1, {
    buildDefinition: {
      buildType: REBASE_BUILD_TYPE,
      externalParameters: {
        image: f.image,
        patches: [...new Set(f.patchSources.map((s) => withoutQuery(s)))].sort(),
        force: f.force,
        runImage: f.runImage,
      },
      internalParameters: { tool: `layer-rebase ${f.version}` },
      resolvedDependencies: dependencies,
    },
    runDetails: {
      builder: { id: f.builderId },
      metadata: {
        ...(f.invocationId ? { invocationId: f.invocationId } : {}),
        startedOn: f.startedOn,
      },
    },
  });
}

export function appliedPatchesStatement(
  subject: { repository: string; digest: Digest },
  predicate: Record<string, unknown>,
): Buffer {
  return statement(subject, APPLIED_PATCHES_V1, predicate);
}

/** GitHub's names for the run, from the runner's environment: the workflow (builder) and the run (invocation). */
export function runnerIdentity(env: NodeJS.ProcessEnv): { builderId?: string; invocationId?: string } {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    ...(env.GITHUB_WORKFLOW_REF ? { builderId: `${server}/${env.GITHUB_WORKFLOW_REF}` } : {}),
    ...(env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? {
          invocationId: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        }
      : {}),
  };
}
