import { ANNOTATION } from './formats.js';

/**
 * Where a signature was recorded, as the report says it: the transparency-log entry's index, and the
 * time an RFC 3161 timestamp authority vouches for (its TSTInfo `genTime`). Read from what was stored:
 * a bundle's `verificationMaterial` (`tlogEntries[].logIndex`, `timestampVerificationData.
 * rfc3161Timestamps[].signedTimestamp`) or a `.sig` layer's `dev.sigstore.cosign/bundle` and
 * `dev.sigstore.cosign/rfc3161timestamp` annotations (cosign specs/SIGNATURE_SPEC.md). Nothing here
 * verifies them: the libraries that obtained them did, and verifiers do again.
 */
export interface Recorded {
  logIndex?: number;
  /** ISO 8601, as the timestamp authority wrote it (UTC). */
  timestamp?: string;
}

/** What a stored bundle's verification material says (nothing for a bundle signed by a key alone). */
export function recordedInBundle(bundle: Buffer): Recorded {
  let material: {
    tlogEntries?: { logIndex?: unknown }[];
    timestampVerificationData?: { rfc3161Timestamps?: { signedTimestamp?: unknown }[] };
  };
  try {
    material =
      (JSON.parse(bundle.toString('utf8')) as { verificationMaterial?: typeof material })
        .verificationMaterial ?? {};
  } catch {
    return {};
  }
  return recorded(
    material.tlogEntries?.[0]?.logIndex,
    material.timestampVerificationData?.rfc3161Timestamps?.[0]?.signedTimestamp,
  );
}

/** What a `.sig` layer's annotations say: the Rekor bundle's log index, the RFC 3161 timestamp. */
export function recordedInLegacy(annotations: Record<string, string>): Recorded {
  const json = (text: string | undefined): Record<string, unknown> | undefined => {
    try {
      return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const rekor = json(annotations[ANNOTATION.bundle])?.Payload as { logIndex?: unknown } | undefined;
  return recorded(rekor?.logIndex, json(annotations[ANNOTATION.timestamp])?.SignedRFC3161Timestamp);
}

function recorded(logIndex: unknown, signedTimestamp: unknown): Recorded {
  const out: Recorded = {};
  // The bundle's JSON writes an int64 as a string, cosign's annotation as a number.
  const index = typeof logIndex === 'string' && /^\d+$/.test(logIndex) ? Number(logIndex) : logIndex;
  if (typeof index === 'number' && Number.isSafeInteger(index) && index >= 0) out.logIndex = index;
  if (typeof signedTimestamp === 'string') {
    const time = timestampTime(Buffer.from(signedTimestamp, 'base64'));
    if (time) out.timestamp = time;
  }
  return out;
}

/** One DER element: its tag and where its content lies. */
interface Element {
  tag: number;
  start: number;
  end: number;
}

function element(der: Buffer, at: number, limit = der.length): Element {
  const tag = der[at];
  let length = der[at + 1];
  if (tag === undefined || length === undefined || (tag & 0x1f) === 0x1f) throw new Error('not DER');
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    // Indefinite (BER) or absurd lengths are not what a timestamp authority writes.
    if (bytes === 0 || bytes > 4) throw new Error('not DER');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start++] ?? 0);
  }
  if (start + length > limit) throw new Error('not DER');
  return { tag, start, end: start + length };
}

function children(der: Buffer, parent: Element): Element[] {
  const out: Element[] = [];
  for (let at = parent.start; at < parent.end;) {
    const child = element(der, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const OCTET_STRING = 0x04;
const GENERALIZED_TIME = 0x18;
const EXPLICIT_0 = 0xa0;

/**
 * The `genTime` of an RFC 3161 TimeStampResp (what Sigstore bundles and cosign's annotation hold) or
 * of a bare TimeStampToken: ContentInfo → SignedData → encapContentInfo → eContent (TSTInfo) → its
 * fifth field (RFC 3161 §2.4.2; RFC 5652 §5). undefined when it is not one.
 */
export function timestampTime(der: Buffer): string | undefined {
  try {
    const root = element(der, 0);
    if (root.tag !== SEQUENCE) return undefined;
    const top = children(der, root);
    // TimeStampResp: { status PKIStatusInfo, timeStampToken }; a token starts with its content type OID.
    const token = top[0]?.tag === SEQUENCE ? top[1] : root;
    if (token?.tag !== SEQUENCE) return undefined;
    const content = children(der, token).find((e) => e.tag === EXPLICIT_0);
    const signedData = content && children(der, content)[0];
    if (signedData?.tag !== SEQUENCE) return undefined;
    const encap = children(der, signedData)[2];
    if (encap?.tag !== SEQUENCE) return undefined;
    const explicit = children(der, encap).find((e) => e.tag === EXPLICIT_0);
    const octets = explicit && children(der, explicit)[0];
    if (octets?.tag !== OCTET_STRING) return undefined;
    const tstInfo = element(der, octets.start, octets.end);
    if (tstInfo.tag !== SEQUENCE) return undefined;
    const genTime = children(der, tstInfo)[4];
    if (genTime?.tag !== GENERALIZED_TIME) return undefined;
    const text = der.subarray(genTime.start, genTime.end).toString('latin1');
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(text);
    if (!m) return undefined;
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`;
    return Number.isNaN(Date.parse(iso)) ? undefined : iso;
  } catch {
    return undefined;
  }
}
