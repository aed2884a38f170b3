// Reads the data an offline report carries: the JSON in its script element, and each view's
// flame graph, gunzipped in the browser (DecompressionStream: nothing is fetched) on first use.

import { decodeFlameGraph, type WireFlameGraph } from '../../flame-graph-wire.js';
import {
  OFFLINE_REPORT_VERSION,
  REPORT_DATA_ELEMENT_ID,
  type OfflineReportData,
  type ReportSampleView,
} from '../../report/offline-report-model.js';

/** The report's data from its page; throws naming what is wrong. */
export function readReportData(doc: Document): OfflineReportData {
  const element = doc.getElementById(REPORT_DATA_ELEMENT_ID);
  if (element === null) throw new Error(`read report data: no #${REPORT_DATA_ELEMENT_ID} element in the page`);
  const data = JSON.parse(element.textContent ?? '') as OfflineReportData;
  if (data.version !== OFFLINE_REPORT_VERSION) {
    throw new Error(`read report data: version ${String(data.version)}, this page reads ${OFFLINE_REPORT_VERSION}`);
  }
  return data;
}

const decoded = new WeakMap<object, Promise<WireFlameGraph>>();

/** A view's flame graph (its leaf-first one with `leafFirst`, when it has one), decoded once. */
export function flameGraphOf(view: ReportSampleView, leafFirst = false): Promise<WireFlameGraph> {
  const source = leafFirst && view.leafFirst !== undefined ? view.leafFirst : view;
  let graph = decoded.get(source);
  if (graph === undefined) {
    graph = gunzipBase64(source.flameGraph).then((buffer) => decodeFlameGraph(buffer));
    decoded.set(source, graph);
  }
  return graph;
}

async function gunzipBase64(text: string): Promise<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}
