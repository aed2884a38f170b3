// Pan and zoom for the Graph view's SVG: the wheel zooms about the pointer, a drag pans, and
// buttons or keys (+, -, 0, arrows on the focused stage) do the same; all by rewriting the SVG's
// viewBox (view-box.ts, which also says what each key does), so text stays sharp at any zoom.

import {
  centredViewBox,
  fitViewBox,
  initialViewBox,
  keyStep,
  panViewBox,
  resizeViewBox,
  zoomViewBox,
  type StageSize,
  type ViewBox,
} from './view-box.js';

export { ZOOM_STEP_FACTOR } from './view-box.js';

/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD_PX = 4;

export interface PanZoom {
  fit(): void;
  zoomBy(factor: number): void;
  /** Moves the view, keeping its scale, so that (x, y) in SVG units is in its middle. */
  centreOn(x: number, y: number): void;
  /** True when the last press moved the view: the click that ends it is not a click on a node. */
  wasDrag(): boolean;
  destroy(): void;
}

/** Drag to pan: calls `pan` with each move once the press has moved past the threshold. */
function installDrag(stage: HTMLElement, signal: AbortSignal, pan: (dxPx: number, dyPx: number) => void) {
  let press: { id: number; x: number; y: number; moved: boolean } | undefined;
  let dragged = false;
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
    pan(dx, dy);
    press.x = event.clientX;
    press.y = event.clientY;
  };
  const onPointerUp = (event: PointerEvent) => {
    if (press?.id !== event.pointerId) return;
    dragged = press.moved;
    press = undefined;
    stage.classList.remove('dragging');
  };
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    press = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
    dragged = false;
  };
  stage.addEventListener('pointerdown', onPointerDown, { signal });
  stage.addEventListener('pointermove', onPointerMove, { signal });
  stage.addEventListener('pointerup', onPointerUp, { signal });
  stage.addEventListener('pointercancel', onPointerUp, { signal });
  return { wasDrag: () => dragged };
}

/**
 * Tabbing to a node off screen: the browser would scroll the stage itself (it clips, it does not
 * scroll), which the view box knows nothing of; bring the node to the middle instead.
 */
function installFocusFollow(stage: HTMLElement, signal: AbortSignal, pan: (dxPx: number, dyPx: number) => void) {
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
    pan(
      rect.left + rect.width / 2 - (node.left + node.width / 2),
      rect.top + rect.height / 2 - (node.top + node.height / 2),
    );
  };
  stage.addEventListener('scroll', onScroll, { signal });
  stage.addEventListener('focusin', onFocusIn, { signal });
}

export interface PanZoomOptions {
  /** The first view for a stage size (default: initialViewBox, the graph's full width, top first). */
  readonly firstView?: (size: StageSize) => ViewBox;
  /** Told every view shown (the minimap draws it). */
  readonly onView?: (box: ViewBox) => void;
}

export function installPanZoom(
  stage: HTMLElement,
  svg: SVGSVGElement,
  bounds: ViewBox,
  options: PanZoomOptions = {},
): PanZoom {
  const sizeOf = (): StageSize => ({ width: Math.max(stage.clientWidth, 1), height: Math.max(stage.clientHeight, 1) });
  const firstView = options.firstView ?? ((stageSize: StageSize) => initialViewBox(bounds, stageSize));
  let size = sizeOf();
  let box = firstView(size);
  /** Until the user moves the view, a new stage size gets a new first view. */
  let touched = false;
  const apply = (next: ViewBox, byUser = true) => {
    box = next;
    touched ||= byUser;
    svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
    options.onView?.(box);
  };
  apply(box, false);
  const pan = (dxPx: number, dyPx: number) => apply(panViewBox(box, size, dxPx, dyPx));
  const zoomBy = (factor: number) => apply(zoomViewBox(box, size, factor, size.width / 2, size.height / 2));
  const fit = () => apply(fitViewBox(bounds, size));

  // One signal removes every listener at destroy.
  const listeners = new AbortController();
  const { signal } = listeners;
  stage.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      // Lines or pages (a mouse wheel) count as about 40 px; trackpads send pixels.
      const deltaPx = event.deltaMode === 0 ? event.deltaY : event.deltaY * 40;
      const rect = stage.getBoundingClientRect();
      apply(zoomViewBox(box, size, Math.exp(-deltaPx / 300), event.clientX - rect.left, event.clientY - rect.top));
    },
    { passive: false, signal },
  );
  stage.addEventListener(
    'keydown',
    (event) => {
      const step = event.ctrlKey || event.metaKey || event.altKey ? undefined : keyStep(event.key);
      if (step === undefined) return;
      if (step.kind === 'pan') pan(step.dxPx, step.dyPx);
      else if (step.kind === 'zoom') zoomBy(step.factor);
      else fit();
      event.preventDefault();
      // The page's own shortcuts must not act on these too.
      event.stopPropagation();
    },
    { signal },
  );
  const drag = installDrag(stage, signal, pan);
  installFocusFollow(stage, signal, pan);
  const resizes = new ResizeObserver(() => {
    const next = sizeOf();
    if (next.width === size.width && next.height === size.height) return;
    const before = size;
    size = next;
    apply(touched ? resizeViewBox(box, before, size) : firstView(size), touched);
  });
  resizes.observe(stage);
  return {
    fit,
    zoomBy,
    centreOn: (x, y) => apply(centredViewBox(x, y, size.width / box.width, size)),
    wasDrag: drag.wasDrag,
    destroy() {
      resizes.disconnect();
      listeners.abort();
    },
  };
}
