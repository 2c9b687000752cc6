// The bytes the official nginx image ships (1.21-1.29): welcome page, 50x page, stock conf.d, and
// the error pages nginx generates itself (CRLF line ends, as in ngx_http_special_response.c).

/** Version the simulated nginx reports in `Server:` and on its error pages. */
export const NGINX_VERSION = '1.29.3';

/** /usr/share/nginx/html/index.html; exactly 615 bytes. */
export const NGINX_WELCOME_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** /usr/share/nginx/html/50x.html; exactly 497 bytes. */
export const NGINX_50X_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

/** /etc/nginx/conf.d/default.conf of the image, comments trimmed. */
export const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

/** mtime of the files baked into the nginx:1.29.3 image (Last-Modified / ETag). */
export const NGINX_IMAGE_MTIME = new Date(Date.UTC(2025, 9, 28, 12, 5, 10));

const TITLES: Record<number, string> = {
  301: '301 Moved Permanently',
  302: '302 Found',
  303: '303 See Other',
  307: '307 Temporary Redirect',
  308: '308 Permanent Redirect',
  400: '400 Bad Request',
  401: '401 Authorization Required',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Not Allowed',
  408: '408 Request Time-out',
  410: '410 Gone',
  413: '413 Request Entity Too Large',
  429: '429 Too Many Requests',
  500: '500 Internal Server Error',
  501: '501 Not Implemented',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

/** nginx's built-in page for `status`, or undefined when nginx has none (it then sends no body). */
export function nginxErrorPage(status: number): string | undefined {
  const title = TITLES[status];
  if (title === undefined) return undefined;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n` +
    `<hr><center>nginx/${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`
  );
}

/** The page nginx sends when plain HTTP reaches a `listen ... ssl` port. */
export function nginxPlainHttpToHttpsPage(): string {
  const reason = 'The plain HTTP request was sent to HTTPS port';
  return (
    `<html>\r\n<head><title>400 ${reason}</title></head>\r\n<body>\r\n` +
    `<center><h1>400 Bad Request</h1></center>\r\n<center>${reason}</center>\r\n` +
    `<hr><center>nginx/${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`
  );
}
