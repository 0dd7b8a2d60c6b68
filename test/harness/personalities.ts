import type { Personality } from './registry-proxy.js';

const MiB = 1024 * 1024;

/**
 * Production registries as their docs and other clients' issue trackers describe them (REGISTRIES.md,
 * with citations there); each entry is the set of behaviours a client meets there. Built from those
 * reports, not from what this client happens to do.
 */
export const PERSONALITIES: Personality[] = [
  // Plain distribution: the baseline, and the request count to hold.
  { name: 'distribution', upstream: 'open' },
  {
    // Intermediate PATCH answered 201 (regclient#82); parts of at least 5 MiB, later PATCH bodies dropped
    // (containers-roadmap#2831); no token service, Basic only; mounts only with BLOB_MOUNTING, else an
    // upload session; blobs come from a presigned S3 URL that refuses a second auth mechanism (opa#6728).
    name: 'ECR',
    upstream: 'basic',
    patchStatus: 201,
    minChunk: 5 * MiB,
    dropLaterPatches: true,
    mount: 'session',
    blobRedirect: 'storage',
  },
  {
    // No chunked uploads (AR docs, kitops#780); relative /artifacts-uploads/ Locations with their own
    // query (rust-oci-client#175); blob GETs 302 to a relative /artifacts-downloads/ (docker-registry-proxy#14).
    name: 'Artifact Registry',
    upstream: 'token',
    realmPath: '/v2/token',
    noPatch: true,
    relativeUploads: true,
    blobRedirect: 'relative',
  },
  {
    // PATCH bodies over 4 MiB refused with 416 (rust-oci-client#35); relative Locations
    // (swift-container-plugin#44); 404 for an index without the OCI type in Accept (roots#4); blobs from
    // pkg-containers.githubusercontent.com.
    name: 'GHCR',
    upstream: 'token',
    realmPath: '/token',
    patchCap: 4 * MiB,
    relativeUploads: true,
    strictAccept: true,
    blobRedirect: 'storage',
  },
  {
    // Realm on another host (auth.docker.io); a mount whose `from` is not covered answers 401
    // (ggcr#1404); 429 with a plain-text body (hub-feedback#1907); blobs from a CDN.
    name: 'Docker Hub',
    upstream: 'token',
    mount: 401,
    rateLimit: true,
    blobRedirect: 'storage',
  },
  {
    // Relative Location with _nouploadcache and _state (ACR REST docs); 307 to blob storage.
    name: 'ACR',
    upstream: 'token',
    realmPath: '/oauth2/token',
    relativeUploads: true,
    blobRedirect: 'storage',
  },
  {
    // Mount refused with 400 (quay#899); redirects to signed storage URLs (quay#1294).
    name: 'Quay',
    upstream: 'token',
    realmPath: '/v2/auth',
    mount: 400,
    blobRedirect: 'storage',
  },
  {
    // `from` in another project: 401 (harbor#17097, ggcr#1393); realm …/service/token.
    name: 'Harbor',
    upstream: 'token',
    realmPath: '/service/token',
    mount: 401,
  },
  {
    // Mount answered with an upload session (rules_img matrix); path-scoped realm (buildkit#1130); Range
    // answered with 200 (async_http_range_reader#5); older versions refuse a PUT with a body (buildx#196).
    name: 'Artifactory',
    upstream: 'token',
    realmPath: '/artifactory/api/docker/docker-local/v2/token',
    mount: 'session',
    refusePutWithBody: true,
    blobRedirect: 'storage',
    storageIgnoresRange: true,
  },
  {
    // Realm on another host (gitlab.com/jwt/auth); object-storage redirects (container-registry#211); a
    // mount the token does not cover is refused (gitlab#6876); the dependency proxy redirects manifest
    // GETs and HEADs to storage too (moby#50065).
    name: 'GitLab',
    upstream: 'token',
    mount: 403,
    blobRedirect: 'storage',
    manifestRedirect: true,
  },
  {
    // PUT without Content-Length refused (zot@4292360); a mount may answer 201 without a digest header.
    name: 'zot',
    upstream: 'open',
    requireContentLength: true,
    mount: 'created-without-digest',
  },
  {
    // A caching proxy that strips Docker-Content-Digest and rate-limits, a mount it does not know: 404.
    name: 'proxy without digests',
    upstream: 'open',
    noDigestHeader: true,
    rateLimit: true,
    mount: 404,
  },
  {
    // One token per repository set whatever the scope (pull and push alike), through a realm on the registry.
    name: 'repeated tokens',
    upstream: 'token',
    realmPath: '/token',
    repeatTokens: true,
    mount: 405,
  },
  {
    // A PUT with a body refused, and PATCH bodies capped at 4 MiB: the upload falls back to 4 MiB chunks.
    name: 'GHCR behind a PUT-refusing proxy',
    upstream: 'token',
    realmPath: '/token',
    refusePutWithBody: true,
    patchCap: 4 * MiB,
    relativeUploads: true,
    patchStatus: 201,
  },
];
