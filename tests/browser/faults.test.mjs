// Faults from the page: the fault switch stops the laptop's daemon, the
// next docker command fails with Docker's own error, and the graph draws
// the daemon red with the fault's message.
import assert from 'node:assert/strict';
import { open, type, setSpeed, waitForPlayback } from './helpers.mjs';

const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

export const tests = [
  {
    name: 'stopping the daemon from the page',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await setSpeed(page, 8);
      await page.click('.fault-switch > summary');
      const before = await page.locator('.terminal-entry').count();
      await page.check('input[data-host="laptop"][data-fault="daemon-stopped"]');
      await page.waitForFunction((count) => document.querySelectorAll('.terminal-entry').length > count, before);
      await waitForPlayback(page);
      const switched = await page.locator('.terminal-entry').last().textContent();
      assert.match(switched, /porthole fault on daemon-stopped --host laptop/);
      await page.click('.fault-switch > summary');

      await type(page, 'docker ps');
      await waitForPlayback(page);
      const output = await page.locator('.terminal-entry').last().textContent();
      assert.ok(output.includes(DAEMON_DOWN), `the client's error is shown: ${output}`);

      const daemon = page.locator('[aria-label="dockerd (stopped) on laptop"]');
      assert.equal(await daemon.count(), 1, 'the laptop daemon is drawn stopped');
      assert.match(await daemon.getAttribute('class'), /node-failed/, 'the stopped daemon is red');
      assert.match(await page.textContent('.host-fault'), /daemon-stopped/);
      assert.match(await page.textContent('.fault-message'), /Cannot connect to the Docker daemon/);
      assert.equal(await page.textContent('.fault-switch > summary'), 'Faults (1 on)');
      await screenshot('faults-daemon-stopped');

      await page.click('.fault-switch > summary');
      await page.uncheck('input[data-host="laptop"][data-fault="daemon-stopped"]');
      await page.click('.fault-switch > summary');
      await type(page, 'docker ps');
      await waitForPlayback(page);
      const healed = await page.locator('.terminal-entry').last().textContent();
      assert.match(healed, /CONTAINER ID/);
      assert.equal(await page.locator('.host-fault').count(), 0);
    },
  },
];
