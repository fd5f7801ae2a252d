// The first slice in the page: build, run, ps and images typed into the
// terminal give Docker's output, the container appears in the graph, and the
// page shows the same transcript as `porthole script` for the same commands.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const COMMANDS = [
  'docker build -t scrapyd-demo .',
  'docker run -d --name scrapyd_demo_6818 -p 6818:6800 scrapyd-demo',
  'docker ps',
  'docker images',
];

/** Types one line into the terminal and waits for its prompt to return. */
async function type(page, line) {
  const before = await page.locator('.terminal-entry').count();
  await page.fill('.terminal-input', line);
  await page.press('.terminal-input', 'Enter');
  await page.waitForFunction((count) => document.querySelectorAll('.terminal-entry').length > count, before);
}

/** Returns the terminal's text without the input line. */
async function terminalText(page) {
  return page.$$eval('.terminal-entry', (entries) => entries.map((entry) => entry.innerText.replace(/\n?$/, '\n')).join(''));
}

export const tests = [
  {
    name: 'slice commands in the terminal',
    async run({ page, base, root, screenshot }) {
      await page.goto(base + '/');
      await page.waitForSelector('.terminal-input');
      for (const line of COMMANDS) await type(page, line);
      const text = await terminalText(page);

      assert.match(text, /#0 building with "default" instance using docker driver/);
      assert.match(text, /naming to docker\.io\/library\/scrapyd-demo:latest done/);
      assert.match(text, /\n[0-9a-f]{64}\n/, 'docker run -d prints the full container ID');
      assert.match(text, /CONTAINER ID   IMAGE          COMMAND     CREATED         STATUS         PORTS                                         NAMES/);
      assert.match(text, /scrapyd-demo   "scrapyd"/);
      assert.match(text, /0\.0\.0\.0:6818->6800\/tcp, \[::\]:6818->6800\/tcp   scrapyd_demo_6818/);
      // BuildKit keeps the base image in its own cache: the classic image
      // store lists only the built image.
      assert.match(text, /REPOSITORY     TAG       IMAGE ID       CREATED         SIZE\nscrapyd-demo   latest    [0-9a-f]{12}   6 seconds ago   186MB\n$/);

      await page.waitForSelector('[aria-label^="Container scrapyd_demo_6818"]', { timeout: 15000 });
      await page.waitForSelector('[aria-label^="Image scrapyd-demo:latest"]');
      await page.waitForTimeout(400);
      await screenshot('slice');

      const bin = process.env.PORTHOLE_BIN;
      if (!bin) throw new Error('PORTHOLE_BIN is not set: run through cargo xtask test');
      const script = execFileSync(bin, ['script', '--context', join(root, 'examples/scrapyd'), join(root, 'examples/scrapyd.commands')], { encoding: 'utf8' });
      assert.equal(text, script, 'the page and porthole script print the same transcript');
    },
  },
];
