// The terminal: Tab completion, history across reloads, clear, copying
// the transcript and Docker's colours.
import assert from 'node:assert/strict';
import { open, type, runAll } from './helpers.mjs';

/** Types `text` into the terminal and presses Tab; returns the input's value. */
async function tab(page, text) {
  await page.fill('.terminal-input', text);
  await page.press('.terminal-input', 'Tab');
  return page.inputValue('.terminal-input');
}

export const tests = [
  {
    name: 'tab completes commands flags and names',
    async run({ page, base, screenshot }) {
      await open(page, base);
      assert.equal(await tab(page, 'dock'), 'docker ');
      assert.equal(await tab(page, 'docker vers'), 'docker version ');
      assert.equal(await tab(page, 'docker run --rm'), 'docker run --rm ');
      assert.equal(await tab(page, 'docker pu'), 'docker pu');
      assert.equal(await page.textContent('.terminal-candidates'), 'pull  push', 'an ambiguous word lists the candidates');
      await runAll(page, ['docker pull alpine', 'docker run -d --name web alpine sleep 1000']);
      assert.equal(await tab(page, 'docker run -it alp'), 'docker run -it alpine');
      assert.equal(await tab(page, 'docker stop w'), 'docker stop web ');
      assert.equal(await tab(page, 'docker network rm h'), 'docker network rm host ');
      assert.equal(await page.locator('.terminal-input:focus').count(), 1, 'Tab keeps the focus in the terminal');
      await page.fill('.terminal-input', 'docker pu');
      await page.press('.terminal-input', 'Tab');
      await screenshot('terminal-completion');
    },
  },
  {
    name: 'history survives a reload',
    async run({ page, base }) {
      await open(page, base);
      await type(page, 'docker version');
      await type(page, 'docker info');
      await page.reload();
      await page.waitForSelector('.terminal-input');
      await page.press('.terminal-input', 'ArrowUp');
      assert.equal(await page.inputValue('.terminal-input'), 'docker info');
      await page.press('.terminal-input', 'ArrowUp');
      assert.equal(await page.inputValue('.terminal-input'), 'docker version');
      await page.press('.terminal-input', 'ArrowDown');
      await page.press('.terminal-input', 'ArrowDown');
      assert.equal(await page.inputValue('.terminal-input'), '');
    },
  },
  {
    name: 'clear and ctrl keys',
    async run({ page, base }) {
      await open(page, base);
      await type(page, 'docker version');
      await page.fill('.terminal-input', 'clear');
      await page.press('.terminal-input', 'Enter');
      assert.equal(await page.locator('.terminal-entry').count(), 0, 'clear empties the screen');
      assert.equal(await page.locator('.timeline-item').count(), 2, 'the timeline keeps the command');
      await type(page, 'echo hi');
      await page.press('.terminal-input', 'Control+l');
      assert.equal(await page.locator('.terminal-entry').count(), 0, 'Ctrl+L clears too');
      await page.fill('.terminal-input', 'docker ps');
      await page.press('.terminal-input', 'Control+c');
      assert.equal(await page.inputValue('.terminal-input'), '');
      assert.match(await page.innerText('.terminal-screen'), /\$ docker ps\^C/);
      await page.fill('.terminal-input', 'docker run alpine');
      await page.press('.terminal-input', 'End');
      await page.press('.terminal-input', 'Control+w');
      assert.equal(await page.inputValue('.terminal-input'), 'docker run ');
      await page.press('.terminal-input', 'Control+u');
      assert.equal(await page.inputValue('.terminal-input'), '');
    },
  },
  {
    name: 'copy transcript',
    async run({ page, base }) {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await open(page, base);
      await type(page, 'docker ps');
      await page.click('.terminal-copy');
      await page.waitForSelector('.terminal-status:has-text("Copied")');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, 'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n'.replace(/^/, '$ docker ps\n'));
    },
  },
  {
    name: 'build warning header is yellow',
    async run({ page, base, screenshot }) {
      await open(page, base);
      const dockerfile = await page.inputValue('.editor-text');
      await page.fill('.editor-text', dockerfile.replace('CMD ["scrapyd"]', 'CMD scrapyd'));
      await runAll(page, ['docker build -t scrapyd-demo .']);
      const yellow = await page.$$eval('.terminal-output .ansi-yellow', (spans) => spans.map((span) => span.textContent));
      assert.ok(yellow.some((text) => /warnings? found/.test(text)), `BuildKit's warning summary is yellow, got ${JSON.stringify(yellow)}`);
      await screenshot('terminal-warning-colour');
    },
  },
];
