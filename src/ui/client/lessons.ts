// The tutorials' manifests (examples/), for the apply box's picker: the same files the README,
// the tests and the OpenAPI examples use.
import echo from '../../../examples/echo-nodeport.yaml';
import frontendBackend from '../../../examples/frontend-backend.yaml';
import myappDeployment from '../../../examples/myapp-deployment.yaml';
import nginxService from '../../../examples/nginx-nodeport-service.yaml';
import nginxPod from '../../../examples/nginx-pod.yaml';
import nodePortService from '../../../examples/node-port-service.yaml';
import pitfall31000 from '../../../examples/pitfall-nodeport-31000.yaml';
import pitfall80 from '../../../examples/pitfall-nodeport-80.yaml';

export const LESSON_MANIFESTS: { file: string; summary: string; text: string }[] = [
  { file: 'nginx-pod.yaml', summary: 'Tutorial 1: the nginx pod', text: nginxPod },
  {
    file: 'nginx-nodeport-service.yaml',
    summary: 'Tutorial 1: its NodePort service',
    text: nginxService,
  },
  {
    file: 'frontend-backend.yaml',
    summary: 'Tutorial 2: three pods behind 30007',
    text: frontendBackend,
  },
  {
    file: 'echo-nodeport.yaml',
    summary: 'Tutorial 3: the echo deployment and service',
    text: echo,
  },
  {
    file: 'myapp-deployment.yaml',
    summary: 'Tutorial 4: the myapp deployment',
    text: myappDeployment,
  },
  {
    file: 'node-port-service.yaml',
    summary: 'Tutorial 4: nodePort 30008, external IP',
    text: nodePortService,
  },
  { file: 'pitfall-nodeport-80.yaml', summary: 'Tutorial 5, wrong: nodePort 80', text: pitfall80 },
  {
    file: 'pitfall-nodeport-31000.yaml',
    summary: 'Tutorial 5, right: nodePort 31000',
    text: pitfall31000,
  },
];
