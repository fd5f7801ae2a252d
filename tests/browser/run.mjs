// Runs the browser tests against the release bundle in headless Chromium.
//
// Serves PORTHOLE_DIST (default: dist/) on 127.0.0.1 at a free port, starts
// Debian's Chromium through playwright-core, and runs every `*.test.mjs` file
// in this folder (or only the files named on the command line). Each test file
// exports `tests`: an array of `{ name, run }`, where `run(context)` gets a
// fresh page and helpers. Screenshots go to target/screenshots/.
//
// Exit code: 0 when every test passed, 1 otherwise.

import { createServer } from 'node:http';
import { readFile, readdir, mkdir, stat } from 'node:fs/promises';
import { extname, join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const dist = resolve(process.env.PORTHOLE_DIST ?? join(root, 'dist'));
const screenshots = join(root, 'target/screenshots');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves files below `folder`; extra routes map a path to a folder too. */
function serve(folder, extra = {}) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    let base = folder;
    for (const [prefix, target] of Object.entries(extra)) {
      if (path.startsWith(prefix)) {
        base = target;
        path = path.slice(prefix.length - 1);
      }
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(base, '.' + path);
    if (!file.startsWith(base)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

async function main() {
  await stat(join(dist, 'index.html')).catch(() => {
    throw new Error(`no bundle at ${dist}: run trunk build --release first`);
  });
  await mkdir(screenshots, { recursive: true });

  const server = await serve(dist, { '/test-pages/': join(here, 'pages') });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });

  const only = process.argv.slice(2);
  const files = (await readdir(here))
    .filter((name) => name.endsWith('.test.mjs'))
    .filter((name) => only.length === 0 || only.some((wanted) => name.includes(wanted)))
    .sort();

  let passed = 0;
  const failures = [];
  for (const file of files) {
    const { tests } = await import(pathToFileURL(join(here, file)));
    for (const test of tests) {
      const label = `${file}: ${test.name}`;
      const context = await browser.newContext({ viewport: test.viewport ?? { width: 1280, height: 800 } });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!['127.0.0.1', ''].includes(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'blob:') {
          problems.push(`request to another host: ${request.url()}`);
        }
      });
      const started = Date.now();
      try {
        await test.run({
          page,
          base,
          root,
          screenshot: (name) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false }),
        });
        if (problems.length > 0 && !test.allowErrors) throw new Error(problems.join('\n'));
        passed += 1;
        console.log(`ok   ${label} (${Date.now() - started} ms)`);
      } catch (error) {
        failures.push(label);
        console.log(`FAIL ${label}\n${String(error.stack ?? error).replace(/^/gm, '     ')}`);
        await page.screenshot({ path: join(screenshots, `failed-${test.name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
      }
      await context.close();
    }
  }

  await browser.close();
  server.close();
  console.log(`\nbrowser tests: ${passed} passed, ${failures.length} failed; screenshots in ${screenshots}`);
  if (failures.length > 0) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
