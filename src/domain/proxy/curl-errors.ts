// The line curl prints when a connection fails, so the lab can answer exactly what a student's
// terminal would show.

/** Connection refused (a REJECT rule or a pod's RST): curl exit code 7. */
export function curlRefused(host: string, port: number, afterMs = 0): string {
  return `curl: (7) Failed to connect to ${host} port ${port} after ${afterMs} ms: Couldn't connect to server`;
}

/** SYNs dropped until the kernel gives up (about 130 s on Linux): curl exit code 28. */
export function curlTimeout(host: string, port: number): string {
  return `curl: (28) Failed to connect to ${host} port ${port} after 130000 ms: Couldn't connect to server`;
}

/** Nobody answers ARP for the address (about 3 s): curl exit code 7, EHOSTUNREACH. */
export function curlNoRoute(host: string, port: number): string {
  return `curl: (7) Failed to connect to ${host} port ${port} after 3071 ms: No route to host`;
}

/** The name is not in cluster DNS: curl exit code 6. */
export function curlUnresolved(host: string): string {
  return `curl: (6) Could not resolve host: ${host}`;
}
