// Playback of a command's events: play, pause, step forward and back,
// speed, tokens with their labels, and reduced motion.
import assert from 'node:assert/strict';
import { open, type, progress, setSpeed, waitForPlayback } from './helpers.mjs';

export const tests = [
  {
    name: 'play pause and step',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await setSpeed(page, 0.25);
      await type(page, 'docker pull alpine');
      await page.click('.play-button[aria-label="Pause"]');
      const [paused, total] = await progress(page);
      assert.ok(total > 5, `docker pull sends several requests, got ${total}`);
      assert.ok(paused < total);

      await page.click('[aria-label="Step forward one event"]');
      await page.click('[aria-label="Step forward one event"]');
      assert.equal((await progress(page))[0], paused + 2);
      await page.click('[aria-label="Step back one event"]');
      assert.equal((await progress(page))[0], paused + 1);

      while ((await progress(page))[0] > 0) await page.click('[aria-label="Step back one event"]');
      assert.equal(await page.locator('[aria-label^="Image alpine:latest"]').count(), 0, 'no image before the pull played');
      assert.ok(await page.isDisabled('[aria-label="Step back one event"]'));

      await page.click('[aria-label="Step forward one event"]');
      const token = await page.getAttribute('.token', 'aria-label');
      assert.match(token, /HEAD \/_ping → 200/, 'the first event is the client pinging the daemon');
      await screenshot('playback-stepped');

      await setSpeed(page, 8);
      await page.click('.play-button[aria-label="Play"]');
      await waitForPlayback(page);
      assert.equal((await progress(page))[0], total);
      await page.waitForSelector('[aria-label^="Image alpine:latest"]');
      await screenshot('playback-finished');
    },
  },
  {
    name: 'token travels along its edge',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await setSpeed(page, 0.25);
      await type(page, 'docker pull alpine');
      await page.waitForFunction(() => /GET \/v2\/library\/alpine\/|HEAD \/v2\/library\/alpine\//.test(document.querySelector('.token')?.getAttribute('aria-label') ?? ''), null, { timeout: 30000 });
      const first = await page.getAttribute('.token', 'transform');
      await page.waitForTimeout(700);
      const later = await page.getAttribute('.token', 'transform');
      assert.notEqual(first, later, 'the token moves between frames');
      await screenshot('playback-token');
    },
  },
  {
    name: 'speed control offers quarter to eight',
    async run({ page, base }) {
      await open(page, base);
      const speeds = await page.$$eval('.speed-select option', (options) => options.map((option) => option.textContent));
      assert.deepEqual(speeds, ['0.25×', '0.5×', '1×', '2×', '4×', '8×']);
      await setSpeed(page, 4);
      await page.reload();
      await page.waitForSelector('.speed-select');
      assert.equal(await page.inputValue('.speed-select'), '4', 'the speed is kept across reloads');
    },
  },
  {
    name: 'reduced motion follows the system and the switch',
    async run({ page, base, screenshot }) {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await open(page, base);
      assert.equal(await page.locator('.app.reduced-motion').count(), 1, 'the system setting reduces motion');
      await page.selectOption('.motion-select', 'full');
      assert.equal(await page.locator('.app.reduced-motion').count(), 0, 'the switch overrides it');
      await page.selectOption('.motion-select', 'reduced');
      await page.emulateMedia({ reducedMotion: 'no-preference' });
      assert.equal(await page.locator('.app.reduced-motion').count(), 1);

      await setSpeed(page, 0.25);
      await type(page, 'docker pull alpine');
      await page.waitForFunction(() => document.querySelector('.token') !== null, null, { timeout: 10000 });
      const first = await page.getAttribute('.token', 'transform');
      await page.waitForTimeout(300);
      assert.equal(await page.getAttribute('.token', 'transform'), first, 'with reduced motion the token does not travel');
      await screenshot('playback-reduced-motion');
      await setSpeed(page, 8);
      await waitForPlayback(page);
    },
  },
];
