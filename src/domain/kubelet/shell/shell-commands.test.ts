// The simulated shell's programs, one case table per concern, each case run in the image it names.
import { describe, expect, it } from 'vitest';
import { check, context, type Case } from '../../../../test/fixtures/shell-context';
import { runCommand } from './index';

describe('commands the runtime execs (no shell)', () => {
  it.each<Case>([
    [
      'curl -s a Service by name',
      'curl',
      ['curl', '-s', 'http://echo-nodeport-service'],
      { stdout: 'Hello! I am Pod: 10.244.1.5\n', stderr: '', exitCode: 0 },
    ],
    [
      'a program the image lacks',
      'nginx',
      ['wget', '-qO-', 'http://x'],
      {
        stdout: '',
        stderr:
          'OCI runtime exec failed: exec failed: unable to start container process: exec: "wget": executable file not found in $PATH: unknown\n',
        exitCode: 126,
      },
    ],
    [
      'a path that does not exist',
      'busybox',
      ['/bin/bash'],
      {
        stderr: /exec: "\/bin\/bash": stat \/bin\/bash: no such file or directory: unknown/,
        exitCode: 126,
      },
    ],
    [
      'a shell builtin is no program',
      'busybox',
      ['cd', '/tmp'],
      { stderr: /exec: "cd": executable file not found in \$PATH/, exitCode: 126 },
    ],
    [
      'http-echo ships nothing else',
      'http-echo',
      ['sh'],
      { stderr: /exec: "sh": executable file not found/, exitCode: 126 },
    ],
    [
      'curl is in nginx (Debian)',
      'nginx',
      ['curl', '-s', 'nginx-nodeport-service'],
      { stdout: /Welcome to nginx!/, exitCode: 0 },
    ],
    ['no curl in httpd', 'httpd', ['curl', 'x'], { exitCode: 126 }],
    ['no curl in busybox', 'busybox', ['curl', 'x'], { exitCode: 126 }],
    ['hostname', 'alpine', ['hostname'], { stdout: 'alp\n', exitCode: 0 }],
    ['cat /etc/hostname', 'busybox', ['cat', '/etc/hostname'], { stdout: 'bb\n', exitCode: 0 }],
    [
      'cat /etc/resolv.conf',
      'curl',
      ['cat', '/etc/resolv.conf'],
      {
        stdout:
          'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
        exitCode: 0,
      },
    ],
    [
      'cat /etc/hosts ends with the pod',
      'busybox',
      ['cat', '/etc/hosts'],
      {
        stdout:
          /^# Kubernetes-managed hosts file\.\n127\.0\.0\.1\tlocalhost\n[\s\S]*\n10\.244\.1\.41\tbb\n$/,
        exitCode: 0,
      },
    ],
    [
      'cat a mounted ConfigMap file',
      'nginx:alpine',
      ['cat', '/etc/nginx/conf.d/default.conf'],
      { stdout: /return 200 "Hello! I am Pod: \$server_addr\\n";/, exitCode: 0 },
    ],
    [
      'cat a missing file (BusyBox)',
      'busybox',
      ['cat', '/nope'],
      { stderr: "cat: can't open '/nope': No such file or directory\n", exitCode: 1 },
    ],
    [
      'cat a missing file (coreutils)',
      'nginx',
      ['cat', '/nope'],
      { stderr: 'cat: /nope: No such file or directory\n', exitCode: 1 },
    ],
    [
      'ls a ConfigMap mount',
      'nginx:alpine',
      ['ls', '/etc/nginx/conf.d'],
      { stdout: 'default.conf\n', exitCode: 0 },
    ],
    [
      'ls a missing path (coreutils)',
      'nginx',
      ['ls', '/nope'],
      { stderr: "ls: cannot access '/nope': No such file or directory\n", exitCode: 2 },
    ],
    ['echo', 'busybox', ['echo', 'a', 'b'], { stdout: 'a b\n', exitCode: 0 }],
    [
      'ip addr shows the pod address',
      'busybox',
      ['ip', 'addr'],
      { stdout: /inet 10\.244\.1\.41\/24 brd 10\.244\.1\.255 scope global eth0/, exitCode: 0 },
    ],
    ['no ip in Debian images', 'nginx', ['ip', 'addr'], { exitCode: 126 }],
    [
      'ifconfig',
      'alpine',
      ['ifconfig'],
      {
        stdout: /inet addr:10\.244\.1\.42 {2}Bcast:10\.244\.1\.255 {2}Mask:255\.255\.255\.0/,
        exitCode: 0,
      },
    ],
  ])('%s (%s)', (_name, image, argv, want) => {
    check(image, argv, want);
  });
});

describe('curl', () => {
  it.each<Case>([
    [
      'a hit, silently',
      'curl',
      ['curl', '-s', 'echo-nodeport-service'],
      { stdout: 'Hello! I am Pod: 10.244.1.5\n', stderr: '', exitCode: 0 },
    ],
    [
      'the progress meter without -s (stdout is no tty)',
      'curl',
      ['curl', 'echo-nodeport-service'],
      { stderr: /^ {2}% Total {4}% Received/, exitCode: 0 },
    ],
    [
      '-w http_code with -o /dev/null',
      'curl',
      ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'echo-nodeport-service'],
      { stdout: '200', exitCode: 0 },
    ],
    [
      '-I shows the headers of a HEAD',
      'nginx',
      ['curl', '-sI', 'nginx-nodeport-service'],
      { stdout: /^HTTP\/1\.1 200 OK\r\nServer: nginx\/[\d.]+\r\n[\s\S]*\r\n\r\n$/, exitCode: 0 },
    ],
    [
      '-i includes the headers',
      'curl',
      ['curl', '-si', 'echo-nodeport-service'],
      { stdout: /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nHello! I am Pod: /, exitCode: 0 },
    ],
    [
      '-v traces to stderr',
      'curl',
      ['curl', '-sv', 'echo-nodeport-service'],
      {
        stderr:
          /\* Connected to echo-nodeport-service \(10\.96\.100\.7\) port 80\n[\s\S]*> GET \/ HTTP\/1\.1\n> Host: echo-nodeport-service\n[\s\S]*< HTTP\/1\.1 200 OK/,
        exitCode: 0,
      },
    ],
    [
      'an unknown name: curl (6)',
      'curl',
      ['curl', '-sS', 'http://nope'],
      { stderr: 'curl: (6) Could not resolve host: nope\n', exitCode: 6 },
    ],
    ['-s hides the error', 'curl', ['curl', '-s', 'http://nope'], { stderr: '', exitCode: 6 }],
    [
      'a Service without endpoints refuses (7)',
      'curl',
      ['curl', '-sS', 'empty'],
      { stderr: /^curl: \(7\) Failed to connect to empty port 80/, exitCode: 7 },
    ],
    [
      'a port the Service lacks times out (iptables), bounded by --max-time',
      'curl',
      ['curl', '-sS', '--max-time', '3', 'echo-nodeport-service:81'],
      { stderr: 'curl: (28) Connection timed out after 3001 milliseconds\n', exitCode: 28 },
    ],
    [
      '-f on a 404',
      'nginx',
      ['curl', '-sSf', 'nginx-nodeport-service/missing'],
      { stderr: 'curl: (22) The requested URL returned error: 404\n', exitCode: 22 },
    ],
    [
      'a FQDN in another namespace',
      'curl',
      ['curl', '-s', 'shop.default.svc.cluster.local'],
      { stdout: 'hello from shop\n', exitCode: 0 },
    ],
    [
      '-X and -H reach the pod',
      'curl',
      ['curl', '-s', '-X', 'POST', '-H', 'X-Test: 1', 'http://cluster-api'],
      { stdout: /"method": "POST"[\s\S]*"x-test": "1"/, exitCode: 0 },
    ],
    [
      'an unknown option',
      'curl',
      ['curl', '--frobnicate', 'x'],
      {
        stderr:
          "curl: option --frobnicate: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
        exitCode: 2,
      },
    ],
    ['no URL', 'curl', ['curl', '-s'], { stderr: /^curl: no URL specified\n/, exitCode: 2 }],
    [
      'nothing listens on localhost in a curl pod',
      'curl',
      ['curl', '-sS', 'localhost'],
      {
        stderr:
          "curl: (7) Failed to connect to localhost port 80 after 1 ms: Couldn't connect to server\n",
        exitCode: 7,
      },
    ],
    [
      'localhost is the pod itself',
      'nginx:alpine',
      ['curl', '-s', 'localhost'],
      { stdout: 'Hello! I am Pod: 10.244.1.5\n', exitCode: 0 },
    ],
  ])('%s (%s)', (_name, image, argv, want) => {
    check(image, argv, want);
  });

  it('records each connection as an effect with its hit', () => {
    const r = runCommand(['curl', '-s', 'echo-nodeport-service'], context('curl'));
    expect(r.effects).toHaveLength(1);
    expect(r.effects[0]!.decision.updates.hit).toMatchObject({
      service: 'echo-nodeport-service',
      pod: 'echo-0',
    });
    expect(r.effects[0]!.decision.remoteAddr).toBe('10.244.1.40');
  });
});

describe('wget, nslookup, getent, env', () => {
  it.each<Case>([
    [
      'wget -qO-',
      'busybox',
      ['wget', '-qO-', 'http://echo-nodeport-service'],
      { stdout: 'Hello! I am Pod: 10.244.1.5\n', stderr: '', exitCode: 0 },
    ],
    [
      'wget of an unknown name',
      'busybox',
      ['wget', '-qO-', 'http://nope'],
      { stderr: "wget: bad address 'nope'\n", exitCode: 1 },
    ],
    [
      'wget refused',
      'alpine',
      ['wget', '-qO-', 'http://empty'],
      {
        stderr: "wget: can't connect to remote host (10.96.100.12): Connection refused\n",
        exitCode: 1,
      },
    ],
    [
      'nslookup a Service',
      'busybox',
      ['nslookup', 'echo-nodeport-service'],
      {
        stdout:
          'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\techo-nodeport-service.default.svc.cluster.local\nAddress: 10.96.100.7\n\n',
        exitCode: 0,
      },
    ],
    [
      'nslookup a headless Service lists its pods',
      'busybox',
      ['nslookup', 'db'],
      { stdout: /Name:\tdb\.default\.svc\.cluster\.local\nAddress: 10\.244\.2\.50\n/, exitCode: 0 },
    ],
    [
      'nslookup NXDOMAIN',
      'curl',
      ['nslookup', 'nope'],
      { stderr: "** server can't find nope: NXDOMAIN\n\n", exitCode: 1 },
    ],
    [
      'getent hosts',
      'nginx',
      ['getent', 'hosts', 'echo-nodeport-service'],
      { stdout: '10.96.100.7     echo-nodeport-service.default.svc.cluster.local\n', exitCode: 0 },
    ],
    [
      'getent of an unknown name',
      'alpine',
      ['getent', 'hosts', 'nope'],
      { stdout: '', exitCode: 2 },
    ],
    ['no getent in busybox', 'busybox', ['getent', 'hosts', 'x'], { exitCode: 126 }],
    [
      'env has the Service variables',
      'alpine',
      ['env'],
      {
        stdout:
          /\nECHO_NODEPORT_SERVICE_SERVICE_HOST=10\.96\.100\.7\nECHO_NODEPORT_SERVICE_SERVICE_PORT=80\nECHO_NODEPORT_SERVICE_PORT=tcp:\/\/10\.96\.100\.7:80\nECHO_NODEPORT_SERVICE_PORT_80_TCP=tcp:\/\/10\.96\.100\.7:80\n/,
        exitCode: 0,
      },
    ],
    [
      'env has the pod env and HOSTNAME',
      'alpine',
      ['env'],
      { stdout: /^PATH=[^\n]+\nHOSTNAME=alp\nGREETING=hi there\n/, exitCode: 0 },
    ],
    [
      'no variables for another namespace',
      'alpine',
      ['printenv', 'API_SERVICE_HOST'],
      { stdout: '', exitCode: 1 },
    ],
    [
      'nginx -T dumps the effective config',
      'nginx:alpine',
      ['nginx', '-T'],
      {
        stdout:
          /^# configuration file \/etc\/nginx\/nginx\.conf:\n[\s\S]*# configuration file \/etc\/nginx\/conf\.d\/default\.conf:\n[\s\S]*Hello! I am Pod/,
        stderr: /test is successful\n$/,
        exitCode: 0,
      },
    ],
  ])('%s (%s)', (_name, image, argv, want) => {
    check(image, argv, want);
  });
});
