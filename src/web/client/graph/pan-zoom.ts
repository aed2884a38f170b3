// Pan and zoom for the Graph view's SVG: the wheel zooms about the pointer, a drag pans, and
// buttons or keys (+, -, 0, arrows on the focused stage) do the same; all by rewriting the SVG's
// viewBox (view-box.ts), so text stays sharp at any zoom.

import {
  fitViewBox,
  initialViewBox,
  panViewBox,
  resizeViewBox,
  zoomViewBox,
  type StageSize,
  type ViewBox,
} from './view-box.js';

/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD_PX = 4;
const STEP_FACTOR = 1.25;
const KEY_PAN_PX = 60;

export interface PanZoom {
  fit(): void;
  zoomBy(factor: number): void;
  /** True when the last press moved the view: the click that ends it is not a click on a node. */
  wasDrag(): boolean;
  destroy(): void;
}

export function installPanZoom(stage: HTMLElement, svg: SVGSVGElement, bounds: ViewBox): PanZoom {
  const sizeOf = (): StageSize => ({ width: Math.max(stage.clientWidth, 1), height: Math.max(stage.clientHeight, 1) });
  let size = sizeOf();
  let box = initialViewBox(bounds, size);
  /** Until the user moves the view, a new stage size gets a new first view. */
  let touched = false;
  const apply = (next: ViewBox, byUser = true) => {
    box = next;
    touched ||= byUser;
    svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
  };
  apply(box, false);

  const pointOf = (event: { clientX: number; clientY: number }) => {
    const rect = stage.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top] as const;
  };

  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    // Lines or pages (a mouse wheel) count as about 40 px; trackpads send pixels.
    const deltaPx = event.deltaMode === 0 ? event.deltaY : event.deltaY * 40;
    const [px, py] = pointOf(event);
    apply(zoomViewBox(box, size, Math.exp(-deltaPx / 300), px, py));
  };

  let press: { id: number; x: number; y: number; moved: boolean } | undefined;
  let dragged = false;
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    press = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
    dragged = false;
  };
  const onPointerMove = (event: PointerEvent) => {
    if (press?.id !== event.pointerId) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    if (!press.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
    if (!press.moved) {
      press.moved = true;
      stage.setPointerCapture(event.pointerId);
      stage.classList.add('dragging');
    }
    apply(panViewBox(box, size, dx, dy));
    press.x = event.clientX;
    press.y = event.clientY;
  };
  const onPointerUp = (event: PointerEvent) => {
    if (press?.id !== event.pointerId) return;
    dragged = press.moved;
    press = undefined;
    stage.classList.remove('dragging');
  };

  const zoomBy = (factor: number) => apply(zoomViewBox(box, size, factor, size.width / 2, size.height / 2));
  const fit = () => apply(fitViewBox(bounds, size));
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const pans: Record<string, readonly [number, number]> = {
      ArrowLeft: [KEY_PAN_PX, 0],
      ArrowRight: [-KEY_PAN_PX, 0],
      ArrowUp: [0, KEY_PAN_PX],
      ArrowDown: [0, -KEY_PAN_PX],
    };
    const pan = pans[event.key];
    if (pan !== undefined) apply(panViewBox(box, size, pan[0], pan[1]));
    else if (event.key === '+' || event.key === '=') zoomBy(STEP_FACTOR);
    else if (event.key === '-') zoomBy(1 / STEP_FACTOR);
    else if (event.key === '0') fit();
    else return;
    event.preventDefault();
    // The page's own shortcuts must not act on these too.
    event.stopPropagation();
  };

  // Tabbing to a node off screen: the browser would scroll the stage itself (it clips, it does not
  // scroll), which the view box knows nothing of; bring the node to the middle instead.
  const onScroll = () => {
    stage.scrollTop = 0;
    stage.scrollLeft = 0;
  };
  const onFocusIn = (event: FocusEvent) => {
    if (!(event.target instanceof SVGGraphicsElement)) return;
    onScroll();
    const node = event.target.getBoundingClientRect();
    const rect = stage.getBoundingClientRect();
    const inside =
      node.left >= rect.left && node.right <= rect.right && node.top >= rect.top && node.bottom <= rect.bottom;
    if (inside) return;
    const dx = rect.left + rect.width / 2 - (node.left + node.width / 2);
    const dy = rect.top + rect.height / 2 - (node.top + node.height / 2);
    apply(panViewBox(box, size, dx, dy));
  };

  const resizes = new ResizeObserver(() => {
    const next = sizeOf();
    if (next.width === size.width && next.height === size.height) return;
    const before = size;
    size = next;
    apply(touched ? resizeViewBox(box, before, size) : initialViewBox(bounds, size), touched);
  });
  resizes.observe(stage);
  // One signal removes every listener at destroy.
  const listeners = new AbortController();
  const { signal } = listeners;
  stage.addEventListener('wheel', onWheel, { passive: false, signal });
  stage.addEventListener('pointerdown', onPointerDown, { signal });
  stage.addEventListener('pointermove', onPointerMove, { signal });
  stage.addEventListener('pointerup', onPointerUp, { signal });
  stage.addEventListener('pointercancel', onPointerUp, { signal });
  stage.addEventListener('keydown', onKey, { signal });
  stage.addEventListener('scroll', onScroll, { signal });
  stage.addEventListener('focusin', onFocusIn, { signal });

  return {
    fit,
    zoomBy,
    wasDrag: () => dragged,
    destroy() {
      resizes.disconnect();
      listeners.abort();
    },
  };
}

export { STEP_FACTOR as ZOOM_STEP_FACTOR };
