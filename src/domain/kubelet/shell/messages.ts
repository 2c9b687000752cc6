// How each shell words its errors: BusyBox ash (`sh: foo: not found`), dash (`sh: 1: foo: not
// found`, with the line number), bash (`bash: foo: command not found`, `bash: line 1: ...` under
// -c), and the container runtime's words when there is no shell at all (runc via containerd).

/** Which shell is talking, as what it was invoked, and whether it runs a -c string. */
export interface ShellVoice {
  flavour: 'ash' | 'dash' | 'bash';
  /** argv[0] as the shell prints it (`sh`, `ash`, `bash`). */
  name: string;
  /** The line being run (dash and bash -c report it). */
  line: number;
  dashC: boolean;
}

/** A command the shell did not find: exit 127. */
export function notFound(v: ShellVoice, word: string): string {
  if (v.flavour === 'bash')
    return v.dashC
      ? `bash: line ${v.line}: ${word}: command not found\n`
      : `bash: ${word}: command not found\n`;
  if (v.flavour === 'dash') return `${v.name}: ${v.line}: ${word}: not found\n`;
  return `${v.name}: ${word}: not found\n`;
}

/** A syntax error: exit 2. `token` is the offending operator, or 'unterminated' / 'end of file'. */
export function syntaxError(v: ShellVoice, token: string): string {
  if (token === '$(' || token === '`' || token === '<' || token === '(' || token === ')')
    return `${v.name}: ${token === '$(' ? 'command substitution' : `"${token}"`} is not simulated by NodePort Lab\n`;
  if (/too (many|long)/.test(token)) return `${v.name}: ${token} (NodePort Lab's bound)\n`;
  if (v.flavour === 'bash') {
    if (token === 'unterminated')
      return `bash: -c: line ${v.line}: unexpected EOF while looking for matching quote\n`;
    return `bash: -c: line ${v.line}: syntax error near unexpected token \`${token}'\n`;
  }
  if (v.flavour === 'dash') {
    if (token === 'unterminated')
      return `${v.name}: ${v.line}: Syntax error: Unterminated quoted string\n`;
    if (token === 'end of file')
      return `${v.name}: ${v.line}: Syntax error: end of file unexpected\n`;
    return `${v.name}: ${v.line}: Syntax error: "${token}" unexpected\n`;
  }
  if (token === 'unterminated') return `${v.name}: syntax error: unterminated quoted string\n`;
  if (token === 'end of file') return `${v.name}: syntax error: unexpected end of file\n`;
  return `${v.name}: syntax error: unexpected "${token}"\n`;
}

/**
 * An exec whose argv[0] is not in the image, as kubectl shows it: containerd's exec fails to start
 * the process and reports runc's error with exit status 126 (`command terminated with exit code 126`).
 */
export function runtimeNotFound(word: string): string {
  const what = word.includes('/')
    ? `exec: "${word}": stat ${word}: no such file or directory`
    : `exec: "${word}": executable file not found in $PATH`;
  return `OCI runtime exec failed: exec failed: unable to start container process: ${what}: unknown\n`;
}

/** The same failure for a container's main process (the pod's command): no exec, a failed start. */
export function startErrorMessage(word: string): string {
  const what = word.includes('/')
    ? `exec: "${word}": stat ${word}: no such file or directory`
    : `exec: "${word}": executable file not found in $PATH`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${what}: unknown`;
}

export const RUNTIME_NOT_FOUND_EXIT = 126;
