// Tutorial 5, "NodePort service type in Kubernetes - Deep Dive": the pitfalls. A nodePort outside
// 30000-32767 is refused by the API server; a targetPort the pods do not listen on refuses traffic.
import type { LabTemplate } from './template';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
spec:
  replicas: 2
  selector:
    matchLabels:
      app: myapp
  template:
    metadata:
      labels:
        app: myapp
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - containerPort: 80
`;

const service = (targetPort: number) => `apiVersion: v1
kind: Service
metadata:
  name: my-nodeport-service
spec:
  type: NodePort
  selector:
    app: myapp
  ports:
    - port: 80
      targetPort: ${targetPort}
      nodePort: 31000
`;

export const nodePortPitfalls: LabTemplate = {
  id: 'nodeport-pitfalls',
  title: 'NodePort pitfalls: the port range and the targetPort mistake',
  tutorial: 'NodePort service type in Kubernetes - Deep Dive',
  description:
    'The Service my-nodeport-service on nodePort 31000 sends traffic to the pods of the ' +
    'Deployment myapp, yet curl http://192.168.1.3:31000 fails. Find out why and fix the ' +
    'Service so that the nginx pods answer. (First try nodePort: 80 and read what the API ' +
    'server says: nodePorts must lie in 30000-32767. Keep 31000.)',
  startingState: `${deployment}---\n${service(8080)}`,
  checks: [
    {
      id: 'service-nodeport',
      type: 'serviceExposes',
      points: 2,
      service: 'my-nodeport-service',
      serviceType: 'NodePort',
      port: 80,
      targetPort: 80,
      nodePort: 31000,
      hint: 'targetPort must be the port the container listens on: nginx listens on 80.',
    },
    {
      id: 'endpoints',
      type: 'readyEndpoints',
      points: 1,
      service: 'my-nodeport-service',
      min: 2,
    },
    {
      id: 'curl-node01',
      type: 'reachable',
      points: 2,
      address: '192.168.1.3',
      port: 31000,
      bodyContains: 'Welcome to nginx!',
      hint: 'A connection to a port no container listens on is refused, even with endpoints.',
    },
  ],
  solution: service(80),
};
