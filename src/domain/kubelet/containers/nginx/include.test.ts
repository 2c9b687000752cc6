import { describe, expect, it } from 'vitest';
import { NginxConfigError } from './config';
import { loadConfig, NGINX_INCLUDE_LIMITS, type IncludeWork } from './include';

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

function load(files: Map<string, string>, work?: IncludeWork) {
  return loadConfig('/etc/nginx/nginx.conf', (p) => files.get(p), files, work);
}

/** f0.conf ... f9.conf, each including the next one `fanOut` times: fanOut^9 expansions unbounded. */
function fanOutTree(fanOut: number): Map<string, string> {
  const files: Record<string, string> = {
    '/etc/nginx/nginx.conf': 'http { include /etc/nginx/conf.d/f0.conf; }',
  };
  for (let i = 0; i < 10; i++) {
    const next = `include /etc/nginx/conf.d/f${i + 1}.conf;\n`;
    files[`/etc/nginx/conf.d/f${i}.conf`] = i === 9 ? 'sendfile on;\n' : next.repeat(fanOut);
  }
  return tree(files);
}

describe('loadConfig', () => {
  it('inlines included files in place, globs in name order', () => {
    const files = tree({
      '/etc/nginx/nginx.conf': 'http { include conf.d/*.conf; }',
      '/etc/nginx/conf.d/b.conf': 'server { listen 81; }',
      '/etc/nginx/conf.d/a.conf': 'server { listen 80; include /etc/nginx/extra; }',
      '/etc/nginx/extra': 'root /srv;',
    });
    const work: IncludeWork = { files: 0, directives: 0 };
    const [http] = load(files, work);
    expect(http?.block?.map((d) => [d.name, d.args, d.block?.map((x) => x.name)])).toEqual([
      ['server', [], ['listen', 'root']],
      ['server', [], ['listen']],
    ]);
    expect(work).toEqual({ files: 4, directives: 6 });
  });

  it('stops an include fan-out at the file bound, having opened no more than the bound', () => {
    const work: IncludeWork = { files: 0, directives: 0 };
    expect(() => load(fanOutTree(5), work)).toThrow(
      new NginxConfigError(
        `include of "/etc/nginx/conf.d/f9.conf" exceeds the lab's limit of 256 included files in /etc/nginx/conf.d/f8.conf:5`,
      ),
    );
    expect(work.files).toBe(NGINX_INCLUDE_LIMITS.files + 1);
  });

  it('accepts a fan-out that stays within the bound', () => {
    const files = fanOutTree(1);
    expect(load(files)).toHaveLength(1);
  });

  it('bounds the directives of the expanded configuration', () => {
    const files = tree({
      '/etc/nginx/nginx.conf': 'include /etc/nginx/big;\n'.repeat(30),
      '/etc/nginx/big': 'sendfile on;\n'.repeat(1000),
    });
    const work: IncludeWork = { files: 0, directives: 0 };
    expect(() => load(files, work)).toThrow(
      "configuration exceeds the lab's limit of 20000 directives in /etc/nginx/big:1",
    );
    expect(work.directives).toBe(NGINX_INCLUDE_LIMITS.directives + 1);
  });

  it('still reports a missing file and nesting too deep', () => {
    expect(() => load(tree({ '/etc/nginx/nginx.conf': 'include nope;' }))).toThrow(
      'open() "/etc/nginx/nope" failed (2: No such file or directory) in /etc/nginx/nginx.conf:1',
    );
    const loop = tree({ '/etc/nginx/nginx.conf': 'include /etc/nginx/nginx.conf;' });
    expect(() => load(loop)).toThrow('include nesting too deep in /etc/nginx/nginx.conf');
  });
});
