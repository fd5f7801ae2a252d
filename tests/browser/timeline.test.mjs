// Time travel: each timeline entry shows the world as it was after its
// command, and Start shows it before the first one.
import assert from 'node:assert/strict';
import { open, runAll } from './helpers.mjs';

export const tests = [
  {
    name: 'timeline shows earlier worlds',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull alpine', 'docker run -d --name web alpine sleep 1000']);
      await page.waitForSelector('[aria-label^="Container web"]');

      await page.click('.timeline-item:has-text("1 docker pull alpine")');
      assert.equal(await page.getAttribute('.timeline-item:has-text("1 docker pull alpine")', 'aria-current'), 'step');
      await page.waitForSelector('[aria-label^="Image alpine:latest"]');
      assert.equal(await page.locator('[aria-label^="Container web"]').count(), 0, 'no container after the pull');
      await screenshot('timeline-after-pull');

      await page.click('.timeline-item:has-text("Start")');
      assert.equal(await page.locator('[aria-label^="Image alpine:latest"]').count(), 0, 'nothing before the first command');

      await page.click('.timeline-item:has-text("2 docker run")');
      await page.waitForSelector('[aria-label^="Container web"]');
      const terminal = await page.locator('.terminal-entry').count();
      assert.equal(terminal, 2, 'time travel leaves the terminal as it was');
    },
  },
  {
    name: 'failed command is marked',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull nosuchimage-for-porthole']);
      await page.waitForSelector('.timeline-failed');
      await page.waitForSelector('.node-failed');
      const failed = await page.$$eval('.node-failed', (nodes) => nodes.map((node) => node.getAttribute('aria-label')));
      assert.ok(failed.some((label) => label.startsWith('Registry')), `the registry turns red, got ${failed}`);
      await screenshot('timeline-failed-pull');
    },
  },
];
