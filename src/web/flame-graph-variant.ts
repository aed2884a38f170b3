// The flame graph's variants beyond its zoom, as the API and the page's URL carry them (ours):
// `leaf=1`, the leaf-first graph (every stack reversed, merged at the leaves), `leaf=0` the root-first
// one, neither the profile's default (flame-graph-default.ts: leaf first when its weight is spread
// over subtrees too small to draw); and `detail=all`, a zoom built without the size limit below the
// zoomed frame (what a click on an aggregate asks for). Shared by the server and the browser client.

export interface FlameGraphVariant {
  /** Leaf first (true), root first (false), or the profile's default (absent). */
  readonly leafFirst?: boolean;
  readonly allDetail?: boolean;
}

export const LEAF_FIRST_PARAM = 'leaf';
export const DETAIL_PARAM = 'detail';

/** The variant a query string asks for; any other value of the parameters is the default. */
export function variantOfParams(params: URLSearchParams): FlameGraphVariant {
  return {
    ...leafFirstOfParam(params.get(LEAF_FIRST_PARAM)),
    ...(params.get(DETAIL_PARAM) === 'all' ? { allDetail: true } : {}),
  };
}

function leafFirstOfParam(value: string | null): { leafFirst?: boolean } {
  if (value === '1') return { leafFirst: true };
  return value === '0' ? { leafFirst: false } : {};
}

/** Writes a variant's parameters into `params` (removing those it does not set). */
export function setVariantParams(params: URLSearchParams, variant: FlameGraphVariant): URLSearchParams {
  if (variant.leafFirst === undefined) params.delete(LEAF_FIRST_PARAM);
  else params.set(LEAF_FIRST_PARAM, variant.leafFirst ? '1' : '0');
  if (variant.allDetail === true) params.set(DETAIL_PARAM, 'all');
  else params.delete(DETAIL_PARAM);
  return params;
}

/** A cache key part: "" for the default graph. */
export function variantKey(variant: FlameGraphVariant): string {
  return setVariantParams(new URLSearchParams(), variant).toString();
}
