// nginx's `include`: a path relative to /etc/nginx, or a glob within one directory, expanded in
// place from the pod's files (in name order, as glob(3) returns them). Expansion is bounded: files
// that include each other several times over grow as fan-out^depth, so a 2 KB ConfigMap could
// otherwise cost minutes of CPU; a config over the bound keeps nginx from starting, as any other
// config nginx refuses does.
import { NginxConfigError, parseConfigText, type Directive } from './config';

/**
 * What one nginx configuration may expand to. Real nginx has no such limits (only its stack and
 * memory); a lesson's config is a handful of files and at most a few hundred directives.
 */
export const NGINX_INCLUDE_LIMITS = {
  /** Includes nested inside includes. */
  depth: 10,
  /** Files opened while loading, counting every time a file is included again. */
  files: 256,
  /** Directives of the expanded configuration, nested ones included. */
  directives: 20_000,
} as const;

/** The work a load did (files opened, directives produced), for callers that bound or report it. */
export interface IncludeWork {
  files: number;
  directives: number;
}

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

const where = (d: Directive) => `${d.file}:${d.line}`;

/**
 * Parses `file` and every file it includes, inlining included directives in place. Each file's
 * text is parsed once however often it is included; the whole load stops with an `[emerg]`-style
 * NginxConfigError past NGINX_INCLUDE_LIMITS, so its cost is bounded whatever the files hold.
 */
export function loadConfig(
  file: string,
  read: (path: string) => string | undefined,
  files: ReadonlyMap<string, unknown>,
  work: IncludeWork = { files: 0, directives: 0 },
): Directive[] {
  const parsed = new Map<string, Directive[]>();
  const parse = (path: string, text: string): Directive[] => {
    let list = parsed.get(path);
    if (list === undefined) parsed.set(path, (list = parseConfigText(text, path)));
    return list;
  };
  const load = (path: string, depth: number, from: Directive | undefined): Directive[] => {
    const text = read(path);
    if (text === undefined) {
      const at = from ? ` in ${where(from)}` : '';
      throw new NginxConfigError(`open() "${path}" failed (2: No such file or directory)${at}`);
    }
    if (depth > NGINX_INCLUDE_LIMITS.depth)
      throw new NginxConfigError(`include nesting too deep in ${path}`);
    if (++work.files > NGINX_INCLUDE_LIMITS.files)
      throw new NginxConfigError(
        `include of "${path}" exceeds the lab's limit of ${NGINX_INCLUDE_LIMITS.files} included files in ${where(from!)}`,
      );
    const expand = (list: Directive[]): Directive[] =>
      list.flatMap((d) => {
        if (d.name === 'include' && d.block === undefined && d.args.length === 1)
          return resolveInclude(d.args[0] as string, files).flatMap((t) => load(t, depth + 1, d));
        if (++work.directives > NGINX_INCLUDE_LIMITS.directives)
          throw new NginxConfigError(
            `configuration exceeds the lab's limit of ${NGINX_INCLUDE_LIMITS.directives} directives in ${where(d)}`,
          );
        return [d.block ? { ...d, block: expand(d.block) } : d];
      });
    return expand(parse(path, text));
  };
  return load(file, 0, undefined);
}
