// The editor's keyboard: Tab indents, Shift+Tab outdents, and Escape then
// Tab leaves the text.
import assert from 'node:assert/strict';
import { open } from './helpers.mjs';

export const tests = [
  {
    name: 'tab indents and escape leaves',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await page.fill('.editor-text', 'FROM alpine\nRUN true\n');
      await page.focus('.editor-text');
      await page.evaluate(() => document.querySelector('.editor-text').setSelectionRange(12, 12));
      await page.keyboard.press('Tab');
      assert.equal(await page.inputValue('.editor-text'), 'FROM alpine\n    RUN true\n');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await page.inputValue('.editor-text'), 'FROM alpine\nRUN true\n');
      assert.equal(await page.evaluate(() => document.activeElement.className), 'editor-text', 'Tab keeps the focus');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      assert.notEqual(await page.evaluate(() => document.activeElement.className), 'editor-text', 'Escape then Tab moves on');
      await screenshot('editor-tab');
    },
  },
  {
    name: 'file tabs move with arrow keys',
    async run({ page, base }) {
      await open(page, base);
      await page.focus('.editor-tab-active');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.textContent('.editor-tab-active'), '.dockerignore');
      assert.equal(await page.evaluate(() => document.activeElement.textContent), '.dockerignore');
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.textContent('.editor-tab-active'), 'Dockerfile', 'the tabs wrap around');
    },
  },
];
