// Trunk post-build hook: moves Trunk's inline loader script into a file
// and adds the page's Content Security Policy.
//
// Trunk 0.21 writes the code that starts the wasm module as an inline
// <script type="module"> in index.html, which `script-src 'self'` forbids.
// This script, run by Trunk after every build (see [[hooks]] in
// Trunk.toml), writes each inline script of the staged index.html to
// loader-HASH.js, points the <script> at it, and inserts the CSP <meta>
// as the first element of <head>, so the built page runs with no inline
// script or style.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook');

const page = join(staging, 'index.html');
let html = await readFile(page, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/g;
const moved = [];
html = html.replace(inline, (_, code) => {
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const name = `loader-${hash}.js`;
  moved.push(writeFile(join(staging, name), code));
  return `<script type="module" src="./${name}"></script>`;
});
await Promise.all(moved);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error('index.html still has an inline script');
html = html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
await writeFile(page, html);
console.log(`postbuild: moved ${moved.length} inline script(s) to files and added the CSP`);
