// Measures the page's budgets against the release bundle in headless
// Chromium and prints them as Markdown for docs/benchmarks.md:
//
// - the bundle's size: wasm, JS and CSS, each compressed with gzip -9;
// - the time from navigation to an interactive page (the terminal's input
//   exists, so the wasm module has loaded and Yew has rendered), for cold
//   loads in fresh browser contexts;
// - the frame rate while a command's events play with 50 containers and 20
//   images on screen, a world built through the page's own terminal.
//
// Usage: trunk build --release && node tests/browser/benchmark.mjs
// (PORTHOLE_DIST picks another bundle folder; LOADS sets the number of
// cold loads, default 7).

import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.env.PORTHOLE_DIST ?? join(here, '../../dist'));
const loads = Number(process.env.LOADS ?? 7);

/** Images pulled for the frame-rate world: twenty distinct repositories. */
const IMAGES = [
  'alpine', 'busybox', 'debian', 'ubuntu', 'hello-world', 'python', 'node', 'nginx', 'redis', 'postgres',
  'mysql', 'golang', 'httpd', 'registry', 'traefik', 'mongo', 'memcached', 'php', 'rust', 'python:3.12-slim',
];
const CONTAINERS = 50;
const VIEWPORT_HEIGHT = 3600;

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };

function serve(folder) {
  const server = createServer(async (request, response) => {
    let path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(folder, '.' + path);
    if (!file.startsWith(folder)) return response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Returns the raw and gzip sizes of the bundle's wasm, JS and CSS. */
async function bundleSizes() {
  const rows = [];
  for (const name of await readdir(dist)) {
    if (!['.wasm', '.js', '.css'].includes(extname(name))) continue;
    const body = await readFile(join(dist, name));
    rows.push({ name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  return rows;
}

/**
 * Loads the page in a fresh context and returns the milliseconds from
 * navigation start to the end of the wasm module's instantiation and to
 * the terminal's input appearing, both recorded inside the page.
 */
async function coldLoad(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const marks = {};
    window.__porthole_marks = marks;
    const instantiate = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (...args) => {
      const result = await instantiate(...args);
      marks.instantiated = performance.now();
      return result;
    };
    new MutationObserver((_, observer) => {
      if (document.querySelector('.terminal-input')) {
        marks.interactive = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(base + '/', { waitUntil: 'commit' });
  await page.waitForSelector('.terminal-input');
  const marks = await page.evaluate(() => window.__porthole_marks);
  await context.close();
  return marks;
}

/** Types a line into the terminal and waits for its entry. */
async function type(page, line) {
  const before = await page.locator('.terminal-entry').count();
  await page.fill('.terminal-input', line);
  await page.press('.terminal-input', 'Enter');
  await page.waitForFunction((count) => document.querySelectorAll('.terminal-entry').length > count, before, { timeout: 120000 });
}

/** Builds the world, plays one more command at 1× and records its frames. */
async function frameRate(browser, base) {
  // Tall enough that the whole graph, 50 containers included, is on screen.
  const page = await browser.newPage({ viewport: { width: 1600, height: VIEWPORT_HEIGHT } });
  await page.goto(base + '/');
  await page.waitForSelector('.terminal-input');
  await type(page, IMAGES.map((image) => `docker pull ${image}`).join('; '));
  for (let start = 0; start < CONTAINERS; start += 10) {
    const runs = [];
    for (let index = start; index < start + 10; index += 1) runs.push(`docker run -d --name c${index} alpine sleep 100000`);
    await type(page, runs.join('; '));
  }
  const entries = await page.locator('.timeline-item').count();
  await page.locator('.timeline-item').nth(entries - 1).click();
  const drawn = await page.evaluate(() => {
    const visible = (selector) => [...document.querySelectorAll(selector)].filter((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth;
    }).length;
    return { containers: visible('.container-card'), images: visible('.image-card'), layers: visible('.layer') };
  });

  await page.selectOption('.speed-select', '1');
  await type(page, 'docker run -d --name probe -p 8080:80 nginx');
  const frames = await page.evaluate(() => new Promise((done) => {
    const times = [];
    const started = performance.now();
    function frame(now) {
      times.push(now);
      if (now - started < 5000) requestAnimationFrame(frame);
      else done(times);
    }
    requestAnimationFrame(frame);
  }));
  const gaps = frames.slice(1).map((time, index) => time - frames[index]);
  const seconds = (frames[frames.length - 1] - frames[0]) / 1000;
  const sorted = [...gaps].sort((a, b) => a - b);
  await page.close();
  return {
    drawn,
    fps: gaps.length / seconds,
    longest: sorted[sorted.length - 1],
    p99: sorted[Math.floor(sorted.length * 0.99)],
    over20: gaps.filter((gap) => gap > 20).length,
    frames: gaps.length,
  };
}

async function main() {
  const server = await serve(dist);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

  const sizes = await bundleSizes();
  const total = sizes.reduce((sum, row) => sum + row.gzip, 0);
  console.log('| file | raw | gzip -9 |\n| --- | --- | --- |');
  for (const row of sizes) console.log(`| \`${row.name.replace(/-[0-9a-f]{8,}/, '-HASH')}\` | ${(row.raw / 1024).toFixed(1)} KiB | ${(row.gzip / 1024).toFixed(1)} KiB |`);
  console.log(`| total | | ${(total / 1024).toFixed(1)} KiB |\n`);

  const marks = [];
  for (let index = 0; index < loads; index += 1) marks.push(await coldLoad(browser, base));
  const summary = (name) => {
    const times = marks.map((mark) => mark[name]).sort((a, b) => a - b);
    return `median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, fastest ${times[0].toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms`;
  };
  console.log(`wasm instantiated (${loads} cold loads): ${summary('instantiated')}`);
  console.log(`interactive (${loads} cold loads): ${summary('interactive')}\n`);

  const rate = await frameRate(browser, base);
  console.log(`on screen: ${rate.drawn.containers} containers, ${rate.drawn.images} images, ${rate.drawn.layers} layers`);
  console.log(`animation over 5 s: ${rate.fps.toFixed(1)} frames per second, ${rate.frames} frames, ${rate.over20} longer than 20 ms, 99th percentile ${rate.p99.toFixed(1)} ms, longest ${rate.longest.toFixed(1)} ms`);

  await browser.close();
  server.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
