// The flame graph's variants beyond its zoom, as the API and the page's URL carry them (ours):
// `leaf=1`, the leaf-first graph (every stack reversed, merged at the leaves), and `detail=all`,
// a zoom built without the size limit below the zoomed frame (what a click on an aggregate asks
// for). Shared by the server and the browser client.

export interface FlameGraphVariant {
  readonly leafFirst?: boolean;
  readonly allDetail?: boolean;
}

export const LEAF_FIRST_PARAM = 'leaf';
export const DETAIL_PARAM = 'detail';

/** The variant a query string asks for; any other value of the parameters is the default. */
export function variantOfParams(params: URLSearchParams): FlameGraphVariant {
  return {
    ...(params.get(LEAF_FIRST_PARAM) === '1' ? { leafFirst: true } : {}),
    ...(params.get(DETAIL_PARAM) === 'all' ? { allDetail: true } : {}),
  };
}

/** Writes a variant's parameters into `params` (removing those it does not set). */
export function setVariantParams(params: URLSearchParams, variant: FlameGraphVariant): URLSearchParams {
  if (variant.leafFirst === true) params.set(LEAF_FIRST_PARAM, '1');
  else params.delete(LEAF_FIRST_PARAM);
  if (variant.allDetail === true) params.set(DETAIL_PARAM, 'all');
  else params.delete(DETAIL_PARAM);
  return params;
}

/** A cache key part: "" for the default graph. */
export function variantKey(variant: FlameGraphVariant): string {
  return setVariantParams(new URLSearchParams(), variant).toString();
}
