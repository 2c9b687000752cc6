// Tutorial 1, "Services: NodePort in Kubernetes": an nginx pod behind nodePort 31110.
import type { LabTemplate } from './template';

const solution = `apiVersion: v1
kind: Pod
metadata:
  name: nginx-pod
  labels:
    app: nginx
spec:
  containers:
    - name: nginx-container
      image: nginx
      ports:
        - containerPort: 80
          protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: nginx-nodeport-service
spec:
  type: NodePort
  ports:
    - targetPort: 80
      port: 80
      nodePort: 31110
  selector:
    app: nginx
`;

export const nodePortBasics: LabTemplate = {
  id: 'nodeport-basics',
  title: 'NodePort basics: nginx on nodePort 31110',
  tutorial: 'Services: NodePort in Kubernetes',
  description:
    'Run nginx in a Pod named nginx-pod (label app: nginx, container port 80) and expose it ' +
    'outside the cluster with a NodePort Service named nginx-nodeport-service: port 80, ' +
    'targetPort 80, nodePort 31110. Then curl any node on 31110 and see the nginx welcome page.',
  startingState: '',
  checks: [
    {
      id: 'pod-exists',
      type: 'objectExists',
      points: 1,
      kind: 'Pod',
      name: 'nginx-pod',
      hint: 'Apply a Pod named nginx-pod running the nginx image.',
    },
    {
      id: 'pod-label',
      type: 'fieldEquals',
      points: 1,
      kind: 'Pod',
      name: 'nginx-pod',
      path: 'metadata.labels.app',
      value: 'nginx',
      hint: 'The Service finds its pods by label: give the pod the label app: nginx.',
    },
    {
      id: 'service-nodeport',
      type: 'serviceExposes',
      points: 2,
      service: 'nginx-nodeport-service',
      serviceType: 'NodePort',
      port: 80,
      targetPort: 80,
      nodePort: 31110,
      hint: 'type: NodePort, with port 80, targetPort 80 and nodePort 31110 in spec.ports.',
    },
    {
      id: 'endpoints',
      type: 'readyEndpoints',
      points: 1,
      service: 'nginx-nodeport-service',
      min: 1,
      hint: "The Service's selector must match the pod's labels (app: nginx).",
    },
    {
      id: 'curl-node01',
      type: 'reachable',
      points: 2,
      address: '192.168.1.3',
      port: 31110,
      bodyContains: 'Welcome to nginx!',
      hint: 'curl http://192.168.1.3:31110 must reach nginx through the Service.',
    },
    {
      id: 'curl-controlplane',
      type: 'reachable',
      points: 1,
      address: '192.168.1.2',
      port: 31110,
      bodyContains: 'Welcome to nginx!',
      hint: 'A nodePort is open on every node, the control plane included.',
    },
  ],
  solution,
};
