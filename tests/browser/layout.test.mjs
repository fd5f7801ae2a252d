// Layout from a 360-pixel phone to a 4K screen, and the drag handles
// between the panes, also from the keyboard.
import assert from 'node:assert/strict';
import { open, runAll } from './helpers.mjs';

/** Returns the page's width beyond the viewport, in pixels. */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

export const tests = [
  {
    name: 'narrow phone layout',
    viewport: { width: 360, height: 740 },
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull alpine']);
      assert.equal(await overflow(page), 0, 'nothing is wider than the phone');
      const order = await page.$$eval('.panes > section, .panes > div:not(.splitter):not(.side-tabs)', (panes) =>
        panes.map((pane) => [pane.className.split(' ')[0], Math.round(pane.getBoundingClientRect().top)]).sort((a, b) => a[1] - b[1]).map(([name]) => name));
      assert.deepEqual(order, ['graph-pane', 'side-inspector', 'terminal-pane', 'side-editor'], 'the panes stack in one column');
      assert.equal(await page.isVisible('.splitter-editor'), false, 'no drag handles on a phone');
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot('layout-phone');
      await page.locator('.terminal-pane').scrollIntoViewIfNeeded();
      await screenshot('layout-phone-terminal');
    },
  },
  {
    name: '4K layout',
    viewport: { width: 3840, height: 2160 },
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull alpine']);
      assert.equal(await overflow(page), 0);
      const graph = await page.$eval('.graph-pane', (pane) => pane.getBoundingClientRect().width);
      assert.ok(graph > 2000, `the graph takes the room, got ${graph}`);
      await screenshot('layout-4k');
    },
  },
  {
    name: 'graph keeps objects in place',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull alpine', 'docker run -d --name one alpine sleep 1000']);
      const box = (selector) => page.$eval(selector, (element) => JSON.stringify(element.getBoundingClientRect()));
      const image = await box('[aria-label^="Image alpine:latest"]');
      const container = await box('[aria-label^="Container one"]');
      await page.evaluate(() => {
        window.keptImage = document.querySelector('[aria-label^="Image alpine:latest"]');
        window.keptContainer = document.querySelector('[aria-label^="Container one"]');
      });
      await runAll(page, ['docker pull busybox', 'docker run -d --name two busybox sleep 1000']);
      await page.waitForSelector('[aria-label^="Container two"]');
      assert.equal(await box('[aria-label^="Image alpine:latest"]'), image, 'the first image does not move');
      assert.equal(await box('[aria-label^="Container one"]'), container, 'the first container does not move');
      const kept = await page.evaluate(() => [window.keptImage.isConnected, window.keptContainer.isConnected]);
      assert.deepEqual(kept, [true, true], 'the same elements stay, so they do not fade in again');
      await screenshot('layout-stable');
    },
  },
  {
    name: 'medium layout shares the side column',
    async run({ page, base, screenshot }) {
      await open(page, base);
      assert.equal(await page.isVisible('.editor'), true);
      assert.equal(await page.isVisible('.inspector'), false, 'the editor shows first');
      await page.click('[aria-label^="dockerd"]');
      assert.equal(await page.isVisible('.inspector'), true, 'selecting shows the inspector');
      assert.equal(await page.isVisible('.editor'), false);
      await page.click('.side-tab:has-text("Editor")');
      assert.equal(await page.isVisible('.editor'), true);
      await screenshot('layout-medium');
    },
  },
  {
    name: 'resize handles by keyboard and pointer',
    viewport: { width: 1600, height: 900 },
    async run({ page, base, screenshot }) {
      await open(page, base);
      const width = () => page.$eval('.editor', (editor) => editor.getBoundingClientRect().width);
      const before = await width();
      await page.focus('.splitter-editor');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Shift+ArrowRight');
      assert.equal(Math.round(await width() - before), 80, 'one step and one Shift step');
      assert.equal(await page.getAttribute('.splitter-editor', 'aria-valuenow'), String(Math.round(340 + 80)));

      const terminal = () => page.$eval('.terminal-pane', (pane) => pane.getBoundingClientRect().height);
      const tall = await terminal();
      const handle = await page.$eval('.splitter-terminal', (element) => { const box = element.getBoundingClientRect(); return [box.x + box.width / 2, box.y + box.height / 2]; });
      await page.mouse.move(handle[0], handle[1]);
      await page.mouse.down();
      await page.mouse.move(handle[0], handle[1] - 100, { steps: 5 });
      await page.mouse.up();
      assert.equal(Math.round(await terminal() - tall), 100, 'dragging the handle up makes the terminal taller');

      await page.focus('.splitter-inspector');
      await page.keyboard.press('Home');
      assert.equal(await page.getAttribute('.splitter-inspector', 'aria-valuenow'), '240');
      await screenshot('layout-resized');
    },
  },
  {
    name: 'every control is reachable by keyboard',
    async run({ page, base }) {
      await open(page, base);
      const reached = new Set();
      await page.focus('.theme-select');
      for (let press = 0; press < 80; press += 1) {
        // The editor and the terminal keep Tab for themselves; Escape first
        // lets it move the focus, as their hints say.
        const keepsTab = await page.evaluate(() => ['editor-text', 'terminal-input'].includes(document.activeElement?.className));
        if (keepsTab) await page.keyboard.press('Escape');
        await page.keyboard.press('Tab');
        const name = await page.evaluate(() => {
          const element = document.activeElement;
          return element?.getAttribute('aria-label') ?? element?.className ?? '';
        });
        reached.add(typeof name === 'string' ? name : String(name));
      }
      const list = [...reached].join('\n');
      for (const expected of [/Step forward one event|Play/, /detail-switch/, /zoom-select/, /Resize the editor/, /^docker client/m, /^dockerd/m, /^Registry Docker Hub/m, /^Resize the terminal$/m, /terminal-copy/, /^Command$/m]) {
        assert.match(list, expected, `Tab reaches ${expected}`);
      }
    },
  },
];
