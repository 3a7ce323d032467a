import { createHash } from 'node:crypto';

/**
 * The one stylesheet of every HTML page the project serves: the example customer application's and the
 * development authorization server's sign-in, consent and error pages, so that the whole sandbox looks like
 * one product. Each page inlines it and pins it in its Content-Security-Policy by `PAGE_STYLESHEET_SOURCE`.
 */
export const PAGE_STYLESHEET = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; }
  body { margin: 0; background: #f3f5f8; color: #1b1f24; }
  main { max-width: 40rem; margin: 3rem auto; padding: 2rem 2.5rem; background: #fff; border-radius: 12px;
         box-shadow: 0 1px 3px rgb(0 0 0 / 0.12); }
  main.narrow { max-width: 26rem; }
  h1 { font-size: 1.6rem; margin-top: 0; }
  h2 { font-size: 1.15rem; margin-bottom: 0.5rem; }
  a { color: #0b5cad; }
  button { font: inherit; font-weight: 600; padding: 0.6rem 1.4rem; border: 0; border-radius: 8px;
           background: #0b5cad; color: #fff; cursor: pointer; }
  button:hover { background: #084a8c; }
  button:focus-visible, a:focus-visible, input:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
  button:disabled { background: #7d8a99; cursor: progress; }
  button.secondary { background: #e6eaef; color: #1b1f24; }
  button.secondary:hover { background: #d3d9e0; }
  label { display: block; font-weight: 600; margin-bottom: 0.3rem; }
  input[type="text"], input[type="password"] { box-sizing: border-box; width: 100%; font: inherit; padding: 0.55rem 0.75rem;
           border: 1px solid #b8c2cc; border-radius: 8px; background: #fff; color: inherit; }
  input[aria-invalid="true"] { border-color: #b3261e; }
  .field { margin: 0 0 1rem; }
  .actions { display: flex; gap: 0.75rem; margin: 1.5rem 0 0; }
  .actions button { flex: 1; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.25rem; margin: 0; }
  dl > div { display: contents; }
  dt { font-weight: 600; color: #4a5561; }
  dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef1f4; padding: 0.05rem 0.3rem; border-radius: 4px; }
  [hidden] { display: none !important; }
  .devices { list-style: none; padding: 0; margin: 1rem 0 0; display: grid; gap: 0.5rem; }
  .devices li { display: flex; align-items: center; gap: 0.75rem; padding: 0.5rem 0.75rem; border: 1px solid #d8dee4; border-radius: 6px; }
  .device-name { flex: 1; font-weight: 600; }
  .device-state { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  .failure { border-left: 4px solid #b3261e; background: #fdecea; padding: 0.75rem 1rem; border-radius: 4px; }
  .failure h2 { margin-top: 0; }
  .failure p { margin: 0; }
  .failure p + p { margin-top: 0.5rem; }
  .hint { border-left: 4px solid #0b5cad; background: #eaf2fb; padding: 0.75rem 1rem; border-radius: 4px; }
  .brand { margin: 0 0 0.75rem; color: #4a5561; font-size: 0.8rem; font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase; }
  .scopes { padding-left: 1.25rem; }
  [data-state="ASSOCIATION_SUCCEEDED"] { color: #146c2e; font-weight: 700; }
  [data-state="ASSOCIATION_FAILED"] { color: #b3261e; font-weight: 700; }
  .note { color: #4a5561; font-size: 0.95rem; }
`;

/** The CSP source that lets a page apply `PAGE_STYLESHEET` inline, and no other style. */
export const PAGE_STYLESHEET_SOURCE = sha256Source(PAGE_STYLESHEET);

/** A CSP hash source (`'sha256-…'`) of an inline script or style. */
export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
