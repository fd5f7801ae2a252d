// Live sessions: a streaming `docker stats` redraws its table in place
// once a second until Ctrl+C, and a workload that never ends keeps a
// container's shell busy until Ctrl+C.
import assert from 'node:assert/strict';
import { open, type, runAll } from './helpers.mjs';

/** Returns the output pieces of the last terminal entry and its text. */
async function latest(page) {
  const entry = page.locator('.terminal-entry').last();
  return { pieces: Number(await entry.getAttribute('data-output-pieces')), text: await entry.textContent() };
}

export const tests = [
  {
    name: 'docker stats redraws in place until Ctrl+C',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker run -d --cpus 0.5 --name hog alpine sh -c "yes > /dev/null"']);
      await type(page, 'docker stats');
      const first = await latest(page);
      await page.waitForFunction(
        (count) => Number([...document.querySelectorAll('.terminal-entry')].at(-1)?.dataset.outputPieces) >= count + 2,
        first.pieces,
        { timeout: 10000 },
      );
      const { text } = await latest(page);
      assert.equal(text.split('CONTAINER ID').length - 1, 1, `one table shows after two redraws:\n${text}`);
      const rows = [...text.matchAll(/hog\s+(\d+\.\d+)%/g)];
      assert.equal(rows.length, 1, `the hog row shows once:\n${text}`);
      const cpu = Number(rows[0][1]);
      assert.ok(cpu > 45, `CPU near 50%, got ${cpu}`);
      assert.ok(cpu < 55, `CPU near 50%, got ${cpu}`);
      assert.ok(!text.includes('\u001b'), 'no escape code shows');
      assert.equal(await page.textContent('.terminal-input-line .terminal-prompt'), '', 'no prompt while stats streams');
      await screenshot('live-stats');

      // Time travel to an earlier command stops the ticks; back at the
      // latest command they go on.
      await page.click('.timeline-item:has-text("1 docker run")');
      const travelled = await latest(page);
      await page.waitForTimeout(2500);
      assert.equal((await latest(page)).pieces, travelled.pieces, 'no frame while an earlier command shows');
      await page.click('.timeline-item:has-text("2 docker stats")');
      await page.waitForFunction(
        (count) => Number([...document.querySelectorAll('.terminal-entry')].at(-1)?.dataset.outputPieces) > count,
        travelled.pieces,
        { timeout: 10000 },
      );

      await page.press('.terminal-input', 'Control+c');
      await page.waitForFunction(() => document.querySelector('.terminal-input-line .terminal-prompt')?.textContent === '$ ');
      const ended = await latest(page);
      assert.ok(!ended.text.includes('CONTAINER ID'), `the ^C line draws no frame:\n${ended.text}`);
      await page.waitForTimeout(2500);
      assert.equal((await latest(page)).pieces, ended.pieces, 'no frame after Ctrl+C');
      await type(page, 'echo $?');
      assert.match((await latest(page)).text, /echo \$\?\s*0\s*$/);
      await screenshot('live-stats-interrupted');
    },
  },
  {
    name: 'lines typed over docker stats leave one table',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker run -d --name hog alpine sh -c "yes > /dev/null"']);
      await type(page, 'docker stats');
      const tables = async () => (await page.textContent('.terminal-screen')).split('CONTAINER ID').length - 1;
      const nextFrame = async () => {
        const { pieces } = await latest(page);
        await page.waitForFunction(
          (count) => Number([...document.querySelectorAll('.terminal-entry')].at(-1)?.dataset.outputPieces) > count,
          pieces,
          { timeout: 10000 },
        );
      };
      await type(page, 'q');
      await nextFrame();
      assert.equal(await tables(), 1, 'the frame after the typed line replaces the one above it');
      await page.press('.terminal-input', 'Control+l');
      await nextFrame();
      assert.equal(await tables(), 1, 'frames still show after Ctrl+L');
      await screenshot('live-stats-typed-over');
      await page.press('.terminal-input', 'Control+c');
      await page.waitForFunction(() => document.querySelector('.terminal-input-line .terminal-prompt')?.textContent === '$ ');
    },
  },
  {
    name: 'a foreground workload holds the shell until Ctrl+C',
    async run({ page, base }) {
      await open(page, base);
      await runAll(page, ['docker run -d --name box --cpus 0.5 alpine sleep 1000', 'docker exec -it box sh']);
      await type(page, 'yes > /dev/null');
      assert.equal(await page.textContent('.terminal-input-line .terminal-prompt'), '', 'no prompt while the workload runs');
      await page.waitForTimeout(1500);
      await page.press('.terminal-input', 'Control+c');
      await page.waitForFunction(() => document.querySelector('.terminal-input-line .terminal-prompt')?.textContent === '/ # ');
      await type(page, 'echo $?');
      assert.match((await latest(page)).text, /echo \$\?\s*130\s*$/);
    },
  },
];
