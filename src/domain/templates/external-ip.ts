// Tutorial 4, "Allow Communication between Host and Pod with the NodePort Service": nodePort 30008
// in front of a running Deployment, also reachable on the external IP 1.2.3.110.
import type { LabTemplate } from './template';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp-deployment
  labels:
    app: myapp
spec:
  replicas: 3
  selector:
    matchLabels:
      app: myapp
      type: front-end
  template:
    metadata:
      labels:
        app: myapp
        type: front-end
    spec:
      containers:
        - name: nginx-container
          image: nginx
          ports:
            - containerPort: 80
`;

const solution = `apiVersion: v1
kind: Service
metadata:
  name: node-port-service
spec:
  type: NodePort
  ports:
    - targetPort: 80
      port: 80
      nodePort: 30008
  selector:
    app: myapp
    type: front-end
  externalIPs:
    - 1.2.3.110
`;

export const externalIp: LabTemplate = {
  id: 'nodeport-external-ip',
  title: 'NodePort 30008 with an external IP',
  tutorial: 'Allow Communication between Host and Pod with the NodePort Service',
  description:
    'The Deployment myapp-deployment runs 3 nginx pods labelled app: myapp, type: front-end. ' +
    'Expose them with a NodePort Service named node-port-service (port 80, targetPort 80, ' +
    'nodePort 30008) that also answers on the external IP 1.2.3.110 (spec.externalIPs), as the ' +
    'tutorial does for minikube in Docker.',
  startingState: deployment,
  checks: [
    {
      id: 'service-nodeport',
      type: 'serviceExposes',
      points: 2,
      service: 'node-port-service',
      serviceType: 'NodePort',
      port: 80,
      targetPort: 80,
      nodePort: 30008,
    },
    {
      id: 'external-ip',
      type: 'fieldEquals',
      points: 1,
      kind: 'Service',
      name: 'node-port-service',
      path: 'spec.externalIPs',
      value: ['1.2.3.110'],
      hint: 'List 1.2.3.110 under spec.externalIPs.',
    },
    {
      id: 'endpoints',
      type: 'readyEndpoints',
      points: 1,
      service: 'node-port-service',
      min: 3,
      hint: 'Select the pods by both labels they carry: app: myapp and type: front-end.',
    },
    {
      id: 'curl-node02',
      type: 'reachable',
      points: 1,
      address: '192.168.1.4',
      port: 30008,
      bodyContains: 'Welcome to nginx!',
    },
    {
      id: 'curl-external-ip',
      type: 'reachable',
      points: 2,
      address: '1.2.3.110',
      port: 80,
      bodyContains: 'Welcome to nginx!',
      hint: 'On an external IP the Service answers on its port (80), not on the nodePort.',
    },
  ],
  solution,
};
