declare const digestBrand: unique symbol;
/**
 * `sha256:<64 hex>`; a blob digest and a layer diffID are both Digests, and never confused by name. Its
 * own file: errors name digests, and digest.ts throws errors, without the two importing each other.
 */
export type Digest = string & { readonly [digestBrand]: true };
