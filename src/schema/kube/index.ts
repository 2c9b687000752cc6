// The object schemas by kind: the one place decoding, types and the OpenAPI document read from.
import type { z } from 'zod';
import { ConfigMap, Endpoints, Namespace, Node } from './core';
import { NetworkPolicy } from './networking';
import { Pod } from './pod';
import { Service } from './service';
import { Deployment, ReplicaSet } from './workloads';

export const OBJECT_SCHEMAS: Record<string, z.ZodType> = {
  Pod,
  Service,
  ConfigMap,
  Namespace,
  Node,
  Endpoints,
  Deployment,
  ReplicaSet,
  NetworkPolicy,
};
