// The programs the shell simulates, by name; an image offers the ones its Toolbox lists.
import type { Tool } from '../tool';
import { curl } from './curl';
import { getent, nslookup } from './dns';
import { httpd, nginx } from './server-programs';
import { date, env, hostname, id, ifconfig, ip, ls, printenv, sleep, whoami } from './system';
import { cat, echo, grep, head, tail, wc } from './text';
import { wget } from './wget';

const ok: Tool = () => ({ stdout: '', stderr: '', exitCode: 0 });
const no: Tool = () => ({ stdout: '', stderr: '', exitCode: 1 });

export const TOOLS: Readonly<Record<string, Tool>> = {
  cat,
  echo,
  grep,
  head,
  tail,
  wc,
  env,
  printenv,
  hostname,
  ip,
  ifconfig,
  ls,
  sleep,
  date,
  id,
  whoami,
  nslookup,
  getent,
  curl,
  wget,
  nginx,
  httpd,
  true: ok,
  false: no,
};
