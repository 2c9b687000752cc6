// The page's security headers. No inline script or style at all: everything is a same-origin file,
// and the client talks only to this origin's API. Simulated pod answers are shown as text.

export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of the HTML shell; it names hashed files, so it is never cached. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
