/**
 * The Content Security Policy of every page of the app (Electron's security checklist
 * §7): our own scripts only, no plugins, no framing; connections only to our own origin
 * (browser mode's API socket). React's style attributes need inline styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
