import { MockAgent } from 'undici';
import { describe, expect, test } from 'vitest';
import { silentLog } from '../../src/log.js';
import { sha256 } from '../../src/oci/digest.js';
import { RegistryStore } from '../../src/oci/registry/store.js';
import { RegistryTransport } from '../../src/oci/registry/transport.js';
import { signatureLookups, signaturesOf } from '../../src/signing/lookups.js';

const old = sha256('the replaced image');
const child = sha256('its amd64 image');
const hex = (d: string) => d.replace(':', '-');

/** An anonymous HTTPS registry behind a MockAgent; `routes` answer the referrers API and tag list. */
function registry(routes: (agent: MockAgent) => void) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get('https://registry.example.com')
    .intercept({ path: '/v2/', method: 'GET' })
    .reply(200, '{}')
    .persist();
  routes(agent);
  const transport = new RegistryTransport('registry.example.com', {
    credentials: async () => undefined,
    log: silentLog,
    dispatcher: agent,
    backoffMs: 1,
  });
  return new RegistryStore(transport, 'acme/app');
}

const json = { headers: { 'content-type': 'application/json' } };

describe('signatures of the digest being replaced', () => {
  test("the referrers API's answer, cosign's tags and the referrers tag schema, over paginated tag lists", async () => {
    const store = registry((agent) => {
      const reg = agent.get('https://registry.example.com');
      reg.intercept({ path: `/v2/acme/app/referrers/${old}`, method: 'GET' }).reply(
        200,
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: sha256('sig'),
              size: 1,
              artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
            },
            {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: sha256('att'),
              size: 1,
              artifactType: 'application/vnd.in-toto+json',
            },
          ],
        }),
        json,
      );
      reg
        .intercept({ path: `/v2/acme/app/referrers/${child}`, method: 'GET' })
        .reply(404, '{"errors":[{"code":"NOT_FOUND"}]}');
      reg
        .intercept({ path: '/v2/acme/app/tags/list?n=1000', method: 'GET' })
        .reply(200, JSON.stringify({ name: 'acme/app', tags: ['v1', `${hex(old)}.sig`] }), {
          headers: { link: '</v2/acme/app/tags/list?n=1000&last=v1>; rel="next"' },
        });
      reg
        .intercept({ path: '/v2/acme/app/tags/list?n=1000&last=v1', method: 'GET' })
        .reply(200, JSON.stringify({ name: 'acme/app', tags: [`${hex(child)}.att`, hex(child)] }), {
          // A next page on another host is not followed.
          headers: { link: '<https://elsewhere.example.com/v2/acme/app/tags/list?last=x>; rel="next"' },
        });
    });
    const found = await signaturesOf(store, [old, child], signatureLookups(), silentLog);
    expect(found).toEqual([
      `cosign signature ${hex(old)}.sig`,
      `2 referrer(s) of ${old.slice(7, 19)} (application/vnd.dev.sigstore.bundle.v0.3+json, application/vnd.in-toto+json)`,
      `cosign attestation ${hex(child)}.att`,
      `referrers tag ${hex(child)}`,
    ]);
  });

  test('none: the referrers API missing (404) and no such tags is the common case, says nothing, and is asked once per registry', async () => {
    let asked = 0;
    const store = registry((agent) => {
      const reg = agent.get('https://registry.example.com');
      reg
        .intercept({ path: (p) => p.startsWith('/v2/acme/app/referrers/'), method: 'GET' })
        .reply(() => {
          asked++;
          return { statusCode: 404, data: '' };
        })
        .persist();
      reg
        .intercept({ path: '/v2/acme/app/tags/list?n=1000', method: 'GET' })
        .reply(200, JSON.stringify({ name: 'acme/app', tags: ['v1', 'v2'] }), json);
    });
    const lookups = signatureLookups();
    // Images of a fleet ask at the same time: the first answer decides for all of them.
    const all = await Promise.all(
      [[old, child], [sha256('a second image')], [sha256('a third')]].map((d) =>
        signaturesOf(store, d, lookups, silentLog),
      ),
    );
    expect(all).toEqual([[], [], []]);
    expect(asked).toBe(1);
  });

  test('a registry that refuses the tag list or errors costs the warning, never the push', async () => {
    const store = registry((agent) => {
      const reg = agent.get('https://registry.example.com');
      reg
        .intercept({ path: '/v2/acme/app/tags/list?n=1000', method: 'GET' })
        .reply(403, '{"errors":[{"code":"DENIED"}]}');
      reg.intercept({ path: `/v2/acme/app/referrers/${old}`, method: 'GET' }).reply(200, 'not json');
    });
    expect(await signaturesOf(store, [old], signatureLookups(), silentLog)).toEqual([]);
  });
});
