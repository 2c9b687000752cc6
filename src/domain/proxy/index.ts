// Traffic simulator core: kube-proxy routing of a request to a pod, what the pod answers, and hit statistics.
export type * from './types';
export { routeExternal } from './route';
export { routeInCluster } from './route-cluster';
export { resolveServiceName } from './cluster-dns';
export { selectEndpoint, describeRule, iptablesProbability } from './kube-proxy';
export type { BalancerContext, EndpointSelection, SelectionDraws } from './kube-proxy';
export { answerOnPort, containerServers } from '../kubelet/containers/answers';
export type { ContainerAnswer, ContainerServer } from '../kubelet/containers/answers';
export type { ContainerRequest } from '../kubelet/containers/http-message';
export { imageKind } from '../kubelet/containers/images';
export { chiSquare, distribution, evenSplitTest } from '../stats/hit-stats';
export type { ChiSquare, Distribution, HitCount } from '../stats/hit-stats';
export { gammaQ, gammaP } from '../stats/incomplete-gamma';
export { NGINX_VERSION, NGINX_WELCOME_PAGE } from '../kubelet/containers/nginx/pages';
