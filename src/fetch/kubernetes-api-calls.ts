// Every call go-profiler makes to the Kubernetes API, with the RBAC rule each needs: the one list
// that deploy/rbac.yaml's ClusterRole grants and docs/deploy.md shows (test/deploy-manifests.test.ts
// holds all three equal, and checks each API request the code is seen to make against it).

/** One API call, as RBAC sees it: a verb on a resource (or subresource, `pods/proxy`) of a group. */
export interface KubernetesApiCall {
  readonly verb: 'get' | 'list';
  /** `''`: the core group. */
  readonly apiGroup: string;
  readonly resource: string;
  /** Who makes the call and why, for the manuals. */
  readonly madeBy: string;
}

export const KUBERNETES_API_CALLS: readonly KubernetesApiCall[] = [
  {
    verb: 'get',
    apiGroup: '',
    resource: 'secrets',
    madeBy: '`createKubernetesSecretReader`: the TLS Secret a request names (`token`, `ca.crt`), for https sources',
  },
  {
    verb: 'get',
    apiGroup: '',
    resource: 'pods',
    madeBy: "`fetchPodProfile`: the pod's container ports, to resolve a port name or search the default port",
  },
  {
    verb: 'list',
    apiGroup: '',
    resource: 'pods',
    madeBy: "`listPods`: the pods of a label selector (the CLI's `-l`; granted to the processor too, as issue 9 asks)",
  },
  {
    verb: 'get',
    apiGroup: '',
    resource: 'pods/proxy',
    madeBy: "`fetchPodProfile`: the profile itself, through the API server's pod proxy",
  },
];
