// The container's own facts: env/printenv, hostname, ip addr/ifconfig (one veth, eth0, in the
// node's pod CIDR: a /24 as the bridge CNI plugins give, with their 0a:58:<IP> MAC), ls, sleep,
// date, id, whoami.
import { fail, ok, type Tool, type ToolIo } from '../tool';

const busybox = (io: ToolIo) => io.box.shell !== 'dash';

export const env: Tool = (args, io) => {
  if (args.length > 0)
    return fail(`env: running a program under env is not simulated by NodePort Lab\n`, 126);
  return ok([...io.env].map(([k, v]) => `${k}=${v}\n`).join(''));
};

export const printenv: Tool = (args, io) => {
  if (args.length === 0) return env([], io);
  const values = args.map((a) => io.env.get(a));
  const out = values
    .filter((v) => v !== undefined)
    .map((v) => `${v}\n`)
    .join('');
  return { stdout: out, stderr: '', exitCode: values.every((v) => v !== undefined) ? 0 : 1 };
};

export const hostname: Tool = (args, io) => {
  const name = io.ctx.pod.metadata.name ?? '';
  if (args[0] === '-i') return ok(`${io.ctx.pod.status?.podIP ?? ''}\n`);
  if (args.length > 0 && !args[0]!.startsWith('-'))
    return fail(
      busybox(io)
        ? 'hostname: sethostname: Operation not permitted\n'
        : 'hostname: you must be root to change the host name\n',
    );
  return ok(`${name}\n`);
};

function octets(ip: string): number[] {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((n) => Number.isInteger(n)) ? parts : [0, 0, 0, 0];
}

function mac(ip: string): string {
  return ['0a', '58', ...octets(ip).map((n) => n.toString(16).padStart(2, '0'))].join(':');
}

function broadcast(ip: string): string {
  const [a, b, c] = octets(ip);
  return `${a}.${b}.${c}.255`;
}

/** veth peers are numbered on the node; a stable small index per pod address. */
const peerIndex = (ip: string): number => 4 + (octets(ip)[3]! % 200);

export const ip: Tool = (args, io) => {
  const sub = args[0] ?? '';
  const podIp = io.ctx.pod.status?.podIP ?? '';
  if (!['a', 'addr', 'address'].includes(sub) || (args[1] !== undefined && args[1] !== 'show')) {
    return fail(`ip: only \`ip addr\` is simulated by NodePort Lab\n`, 1);
  }
  return ok(
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n' +
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
      '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n' +
      '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n' +
      `2: eth0@if${peerIndex(podIp)}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP \n` +
      `    link/ether ${mac(podIp)} brd ff:ff:ff:ff:ff:ff\n` +
      `    inet ${podIp}/24 brd ${broadcast(podIp)} scope global eth0\n       valid_lft forever preferred_lft forever\n`,
  );
};

export const ifconfig: Tool = (_args, io) => {
  const podIp = io.ctx.pod.status?.podIP ?? '';
  const counters =
    '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n' +
    '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n' +
    '          collisions:0 txqueuelen:0 \n          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n';
  return ok(
    `eth0      Link encap:Ethernet  HWaddr ${mac(podIp).toUpperCase()}  \n` +
      `          inet addr:${podIp}  Bcast:${broadcast(podIp)}  Mask:255.255.255.0\n` +
      '          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n' +
      counters +
      'lo        Link encap:Local Loopback  \n          inet addr:127.0.0.1  Mask:255.0.0.0\n' +
      '          inet6 addr: ::1/128 Scope:Host\n          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n' +
      counters,
  );
};

export const ls: Tool = (args, io) => {
  const all = args.some((a) => /^-[a-zA-Z]*a/.test(a));
  const paths = args.filter((a) => !a.startsWith('-'));
  const targets = paths.length ? paths : [io.cwd];
  let stdout = '';
  let stderr = '';
  for (const [i, p] of targets.entries()) {
    const path = p.startsWith('/') ? p : `${io.cwd}/${p}`;
    if (io.fs.read(path) !== undefined) {
      stdout += `${p}\n`;
      continue;
    }
    if (!io.fs.isDir(path)) {
      stderr += busybox(io)
        ? `ls: ${p}: No such file or directory\n`
        : `ls: cannot access '${p}': No such file or directory\n`;
      continue;
    }
    if (targets.length > 1) stdout += `${i > 0 ? '\n' : ''}${p}:\n`;
    const names = [...(all ? ['.', '..'] : []), ...io.fs.list(path)];
    stdout += names.map((n) => `${n}\n`).join('');
  }
  return { stdout, stderr, exitCode: stderr ? (busybox(io) ? 1 : 2) : 0 };
};

export const sleep: Tool = (args, io) => {
  const arg = args[0];
  if (arg === undefined)
    return fail(
      busybox(io)
        ? 'sleep: missing operand\n'
        : "sleep: missing operand\nTry 'sleep --help' for more information.\n",
    );
  if (arg === 'infinity' || arg === 'inf') return { ...ok(), seconds: Infinity };
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m)
    return fail(
      busybox(io) ? `sleep: invalid number '${arg}'\n` : `sleep: invalid time interval '${arg}'\n`,
    );
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return { ...ok(), seconds: Number(m[1]) * unit };
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const date: Tool = (_args, io) => {
  const d = io.ctx.now;
  const time = d.toISOString().slice(11, 19);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return ok(
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${time} UTC ${d.getUTCFullYear()}\n`,
  );
};

export const id: Tool = (_args, io) =>
  ok(
    io.box.user === 'root'
      ? 'uid=0(root) gid=0(root) groups=0(root)\n'
      : `uid=100(${io.box.user}) gid=101(curl_group) groups=101(curl_group)\n`,
  );

export const whoami: Tool = (_args, io) => ok(`${io.box.user}\n`);
