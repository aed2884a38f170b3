// Kubernetes' name rules (DNS-1123), used to decide which request values may become parts of a
// file path: a valid name holds no "/", no ".." and nothing a shell or a path would misread.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: namespaces, container names. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && LABEL.test(value);
}

/** A DNS-1123 subdomain: pod, Secret and most object names (dot-separated labels). */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every((label) => LABEL.test(label));
}
