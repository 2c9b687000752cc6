// Traffic simulator core: kube-proxy routing of a request to a pod, what the pod answers, and hit statistics.
export type * from './types';
export { routeExternal } from './route';
export { routeInCluster } from './route-cluster';
export { resolveServiceName } from './cluster-dns';
export { selectEndpoint, describeRule, iptablesProbability } from './kube-proxy';
export type { BalancerContext, EndpointSelection, SelectionDraws } from './kube-proxy';
export { answerOnPort, containerServers } from './containers';
export type { ContainerAnswer, ContainerServer } from './containers';
export type { ContainerRequest } from './http-message';
export { imageKind } from './container-images';
export { chiSquare, distribution, evenSplitTest } from './hit-stats';
export type { ChiSquare, Distribution, HitCount } from './hit-stats';
export { gammaQ, gammaP } from './incomplete-gamma';
export { NGINX_VERSION, NGINX_WELCOME_PAGE } from './nginx-pages';
