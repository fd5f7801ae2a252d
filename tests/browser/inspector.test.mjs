// The inspector: a container's namespaces from both sides and its cgroup
// gauges, an image's history and a layer's files, a registry's
// repositories, and a message's request and response.
import assert from 'node:assert/strict';
import { open, runAll } from './helpers.mjs';

const RUN = 'docker run -d --name web -m 64m --cpus 0.5 --pids-limit 50 -p 8080:80 nginx';

export const tests = [
  {
    name: 'container namespaces and cgroup',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, [RUN]);
      await page.click('[aria-label^="Container web"]');
      await page.waitForSelector('.inspector-heading:has-text("Container web")');
      const inspector = await page.innerText('.inspector-body');
      assert.match(inspector, /Namespaces: host view beside container view/i);
      assert.match(inspector, /PID 1/);
      assert.match(inspector, /pid:\[4026531836\]/, 'the host side shows the initial PID namespace');
      assert.match(inspector, /hostname laptop/);
      assert.match(inspector, /eth0 172\.17\.0\.2\/16/);
      assert.match(inspector, /0\.0\.0\.0:8080->80\/tcp/);
      assert.match(inspector, /\/sys\/fs\/cgroup\/system\.slice\/docker-[0-9a-f]{64}\.scope/);
      const gauges = await page.$$eval('.gauge-bar', (bars) => bars.map((bar) => [bar.getAttribute('aria-label'), bar.getAttribute('aria-valuemax')]));
      assert.deepEqual(gauges.map(([label]) => label), ['Memory', 'CPU', 'PIDs']);
      assert.equal(gauges[0][1], String(64 * 1024 * 1024) + '.0');
      assert.equal(gauges[1][1], '50.0', '--cpus 0.5 is half of one CPU');
      assert.equal(gauges[2][1], '50.0');
      assert.match(inspector, /64MiB/);
      await screenshot('inspector-container');
    },
  },
  {
    name: 'image history and layer files',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull python:3.12-slim']);
      await page.click('[aria-label^="Image python:3.12-slim"]');
      await page.waitForSelector('.inspector-heading:has-text("Image python:3.12-slim")');
      const rows = await page.$$eval('.inspector-body table tbody tr', (rows) => rows.map((row) => row.innerText));
      assert.ok(rows.length >= 4, `one row per instruction, got ${rows.length}`);
      assert.ok(rows.some((row) => /ENV|CMD/.test(row) && /no layer/.test(row)), 'instructions without a layer say so');
      await screenshot('inspector-image');

      await page.click('.inspector-body .link-button >> nth=0');
      await page.waitForSelector('.inspector-heading:has-text("Layer")');
      const files = await page.$$eval('.files tbody tr', (rows) => rows.length);
      assert.ok(files > 0, 'the base layer has files');
      assert.match(await page.innerText('.inspector-body'), /Used by\s+python:3\.12-slim/);
      await screenshot('inspector-layer');
    },
  },
  {
    name: 'registry repositories and message details',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull alpine']);
      await page.click('[aria-label^="Registry Docker Hub"]');
      await page.waitForSelector('.inspector-heading:has-text("Registry docker.io")');
      assert.match(await page.innerText('.inspector-body'), /alpine/);
      await screenshot('inspector-registry');

      await page.click('text=Show events');
      await page.click('.event:has-text("GET /v2/library/alpine/manifests") >> nth=0');
      await page.waitForSelector('.inspector-subheading:has-text("Response")');
      const body = await page.innerText('.inspector-body');
      assert.match(body, /laptop\/dockerd/);
      assert.match(body, /registry\/registry-1\.docker\.io/);
      assert.match(body, /200 OK/);
      assert.match(body, /Content-Type: application\/vnd\.oci\.image\.index\.v1\+json/);
      assert.match(body, /Docker-Content-Digest: sha256:[0-9a-f]{64}/);
      assert.match(body, /"schemaVersion": 2/);
      const [played, total] = (await page.textContent('.playback-progress')).match(/\d+/g).map(Number);
      assert.ok(played < total, 'picking an event moves playback to it');
      await screenshot('inspector-message');
    },
  },
  {
    name: 'graph nodes work from the keyboard',
    async run({ page, base }) {
      await open(page, base);
      await page.focus('[aria-label^="dockerd"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.inspector-heading:has-text("dockerd on laptop")');
      assert.equal(await page.getAttribute('[aria-label^="dockerd"]', 'aria-pressed'), 'true');
    },
  },
];
