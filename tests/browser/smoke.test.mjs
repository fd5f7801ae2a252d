// The page loads and renders its heading.
import assert from 'node:assert/strict';

export const tests = [
  {
    name: 'page loads',
    async run({ page, base, screenshot }) {
      await page.goto(base + '/');
      await page.waitForSelector('h1');
      assert.equal(await page.textContent('h1'), 'Porthole');
      await screenshot('smoke');
    },
  },
];
