// Tutorial 2, "Kubernetes Services -2 NodePort": three pods on node01 behind nodePort 30007.
import type { LabTemplate } from './template';

const pod = (name: string, role: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    tier: frontend
    role: ${role}
spec:
  nodeName: node01
  containers:
    - name: nginx
      image: nginx
      ports:
        - containerPort: 80
`;

const solution = `apiVersion: v1
kind: Service
metadata:
  name: my-service-nodeport
spec:
  type: NodePort
  selector:
    tier: frontend
  ports:
    - port: 80 # Port where service is listening
      targetPort: 80 # Port where endpoint(pod) is listening
      nodePort: 30007 # Port where nodes are listening
`;

export const frontendBackend: LabTemplate = {
  id: 'frontend-backend',
  title: 'One Service, three pods: nodePort 30007',
  tutorial: 'Kubernetes Services -2 NodePort',
  description:
    'Three nginx pods run on node01: nginx-frontend, nginx-backend and nginx-backend2, all ' +
    'labelled tier: frontend. Create a NodePort Service named my-service-nodeport that selects ' +
    'them (port 80, targetPort 80, nodePort 30007). Refresh http://192.168.1.3:30007 a few ' +
    'times and watch different pods answer.',
  startingState: [
    pod('nginx-frontend', 'frontend'),
    pod('nginx-backend', 'backend'),
    pod('nginx-backend2', 'backend'),
  ].join('---\n'),
  checks: [
    {
      id: 'service-nodeport',
      type: 'serviceExposes',
      points: 2,
      service: 'my-service-nodeport',
      serviceType: 'NodePort',
      port: 80,
      targetPort: 80,
      nodePort: 30007,
      hint: 'type: NodePort, with port 80, targetPort 80 and nodePort 30007.',
    },
    {
      id: 'selector',
      type: 'fieldEquals',
      points: 1,
      kind: 'Service',
      name: 'my-service-nodeport',
      path: 'spec.selector',
      value: { tier: 'frontend' },
      hint: 'Select the pods by the label they share: tier: frontend.',
    },
    {
      id: 'endpoints',
      type: 'readyEndpoints',
      points: 2,
      service: 'my-service-nodeport',
      min: 3,
      hint: 'All three pods carry tier: frontend; a selector on role would pick fewer.',
    },
    {
      id: 'curl-node01',
      type: 'reachable',
      points: 1,
      address: '192.168.1.3',
      port: 30007,
      bodyContains: 'Welcome to nginx!',
    },
    {
      id: 'refresh-spreads',
      type: 'distinctPods',
      points: 2,
      address: '192.168.1.3',
      port: 30007,
      requests: 30,
      min: 2,
      hint: 'kube-proxy picks a pod per connection; with several endpoints, refreshing reaches more than one.',
    },
  ],
  solution,
};
