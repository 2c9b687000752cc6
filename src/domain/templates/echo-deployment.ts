// Tutorial 3, "Kubernetes NodePort Service": a ConfigMap-configured nginx echo, 3 replicas, 30007.
import type { LabTemplate } from './template';

const solution = `apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx-echo-config
data:
  default.conf: |
    server {
      listen 80;
      server_name localhost;
      location / {
        default_type text/plain;
        return 200 "Hello! I am Pod: $server_addr\\n";
      }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-echo-nodeport
spec:
  replicas: 3
  selector:
    matchLabels:
      app: echo-nodeport
  template:
    metadata:
      labels:
        app: echo-nodeport
    spec:
      containers:
        - name: nginx
          image: nginx:alpine
          ports:
            - containerPort: 80
          volumeMounts:
            - name: config-volume
              mountPath: /etc/nginx/conf.d
      volumes:
        - name: config-volume
          configMap:
            name: nginx-echo-config
---
apiVersion: v1
kind: Service
metadata:
  name: echo-nodeport-service
spec:
  type: NodePort
  selector:
    app: echo-nodeport
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
      nodePort: 30007
`;

export const echoDeployment: LabTemplate = {
  id: 'echo-deployment',
  title: 'Echo pods: a 3-replica Deployment behind nodePort 30007',
  tutorial: 'Kubernetes NodePort Service',
  description:
    'Write a ConfigMap nginx-echo-config whose default.conf makes nginx answer ' +
    '"Hello! I am Pod: $server_addr", a Deployment nginx-echo-nodeport of 3 nginx:alpine ' +
    'replicas (label app: echo-nodeport) that mounts it at /etc/nginx/conf.d, and a NodePort ' +
    'Service echo-nodeport-service on nodePort 30007. Each answer names the pod that served it.',
  startingState: '',
  checks: [
    {
      id: 'configmap',
      type: 'objectExists',
      points: 1,
      kind: 'ConfigMap',
      name: 'nginx-echo-config',
      hint: 'Apply the ConfigMap nginx-echo-config with the server block in default.conf.',
    },
    {
      id: 'replicas',
      type: 'fieldEquals',
      points: 1,
      kind: 'Deployment',
      name: 'nginx-echo-nodeport',
      path: 'spec.replicas',
      value: 3,
      hint: 'The Deployment nginx-echo-nodeport runs 3 replicas.',
    },
    {
      id: 'service-nodeport',
      type: 'serviceExposes',
      points: 2,
      service: 'echo-nodeport-service',
      serviceType: 'NodePort',
      port: 80,
      targetPort: 80,
      nodePort: 30007,
    },
    {
      id: 'endpoints',
      type: 'readyEndpoints',
      points: 1,
      service: 'echo-nodeport-service',
      min: 3,
      hint: 'The selector app: echo-nodeport must match the pod template labels.',
    },
    {
      id: 'echo-answers',
      type: 'reachable',
      points: 2,
      address: '192.168.1.3',
      port: 30007,
      bodyContains: 'Hello! I am Pod: 10.244.',
      hint: 'Mount the ConfigMap at /etc/nginx/conf.d so that nginx uses its server block.',
    },
    {
      id: 'three-pods-answer',
      type: 'distinctPods',
      points: 1,
      address: '192.168.1.3',
      port: 30007,
      requests: 60,
      min: 3,
    },
    {
      id: 'even-split',
      type: 'evenDistribution',
      points: 1,
      service: 'echo-nodeport-service',
      requests: 600,
      tolerance: 0.3,
      hint: 'Every replica must be Ready and selected to get its share of the traffic.',
    },
  ],
  solution,
};
