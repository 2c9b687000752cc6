// nginx's `include`: a path relative to /etc/nginx, or a glob within one directory, expanded in
// place from the pod's files (in name order, as glob(3) returns them).
import { NginxConfigError, parseConfigText, type Directive } from './nginx-config';

const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );

/** Files an `include` names: relative to /etc/nginx, globs matched within one directory, sorted. */
export function resolveInclude(pattern: string, files: ReadonlyMap<string, unknown>): string[] {
  const path = pattern.startsWith('/') ? pattern : `/etc/nginx/${pattern}`;
  if (!/[*?[]/.test(path)) return [path];
  const re = globToRegExp(path);
  return [...files.keys()].filter((f) => re.test(f)).sort();
}

/** Parses `file` and every file it includes, inlining included directives in place. */
export function loadConfig(
  file: string,
  read: (path: string) => string | undefined,
  files: ReadonlyMap<string, unknown>,
  depth = 0,
): Directive[] {
  const text = read(file);
  if (text === undefined)
    throw new NginxConfigError(`open() "${file}" failed (2: No such file or directory)`);
  if (depth > 10) throw new NginxConfigError(`include nesting too deep in ${file}`);
  const expand = (list: Directive[]): Directive[] =>
    list.flatMap((d) => {
      if (d.name === 'include' && d.block === undefined && d.args.length === 1) {
        const targets = resolveInclude(d.args[0] as string, files);
        return targets.flatMap((t) => {
          if (read(t) === undefined)
            throw new NginxConfigError(
              `open() "${t}" failed (2: No such file or directory) in ${d.file}:${d.line}`,
            );
          return loadConfig(t, read, files, depth + 1);
        });
      }
      return [d.block ? { ...d, block: expand(d.block) } : d];
    });
  return expand(parseConfigText(text, file));
}
