// Light and dark themes: the page follows prefers-color-scheme until the
// theme switch sets one, and remembers the choice.
import assert from 'node:assert/strict';
import { open, runAll } from './helpers.mjs';

/** Returns the page's background colour. */
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

export const tests = [
  {
    name: 'theme follows system then switch',
    async run({ page, base, screenshot }) {
      await page.emulateMedia({ colorScheme: 'dark' });
      await open(page, base);
      await runAll(page, ['docker pull alpine', 'docker run -d --name web -p 8080:80 alpine sleep 1000']);
      assert.equal(await background(page), 'rgb(13, 17, 23)');
      await screenshot('theme-dark');

      await page.selectOption('.theme-select', 'light');
      assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
      assert.equal(await background(page), 'rgb(246, 248, 250)');
      await screenshot('theme-light');

      await page.reload();
      await page.waitForSelector('.terminal-input');
      assert.equal(await page.getAttribute('html', 'data-theme'), 'light', 'the choice is kept');
      await page.selectOption('.theme-select', 'system');
      assert.equal(await page.getAttribute('html', 'data-theme'), null);
      assert.equal(await background(page), 'rgb(13, 17, 23)');
    },
  },
];
