// kube-proxy, simulated: routing a request from outside or inside the cluster to a pod, the
// programmed rules and the decision's shapes. What the pod answers lives in kubelet/containers/,
// hit statistics in stats/.
export type * from './types';
export { routeExternal } from './route';
export { routeInCluster } from './route-cluster';
export { resolveServiceName } from './cluster-dns';
export { selectEndpoint, describeRule, iptablesProbability } from './kube-proxy';
export type { BalancerContext, EndpointSelection, SelectionDraws } from './kube-proxy';
