import type { HistoryEntry } from '../oci/types.js';

/**
 * Maps each layer index to its history entry. Run images bring `empty_layer: true` entries, so the
 * n-th history entry is not the n-th layer; a history shorter than the layers maps what it can.
 */
export function historyIndexByLayer(
  history: HistoryEntry[] | undefined,
  layerCount: number,
): (number | undefined)[] {
  const out: (number | undefined)[] = new Array<number | undefined>(layerCount).fill(undefined);
  if (!history) return out;
  let layer = 0;
  history.forEach((entry, i) => {
    if (entry.empty_layer === true) return;
    if (layer < layerCount) out[layer] = i;
    layer++;
  });
  // A history that does not account for exactly one entry per layer cannot be trusted index by index.
  return layer === layerCount ? out : out.map(() => undefined);
}
