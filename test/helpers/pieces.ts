/** `bytes` in pieces of `size` (the last smaller), as a socket or a file reader hands them over. */
export function* pieces(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
