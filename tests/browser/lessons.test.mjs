// Lessons, languages, sharing, embedding and safety in the built page.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import LZString from 'lz-string';
import { open, type, runAll } from './helpers.mjs';

/** Records CSP violations from the page's first script on. */
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}

const violations = (page) => page.evaluate(() => window.__violations ?? []);

export const tests = [
  {
    name: 'npm lz-string matches the pinned vectors',
    async run({ root }) {
      const vectors = JSON.parse(await readFile(join(root, 'tests/browser/lz-vectors.json'), 'utf8'));
      assert.ok(vectors.length >= 10);
      for (const [text, compressed] of vectors) {
        assert.equal(LZString.compressToEncodedURIComponent(text), compressed, text);
        assert.equal(LZString.decompressFromEncodedURIComponent(compressed), text);
      }
    },
  },
  {
    name: 'lesson solved with count against par',
    async run({ page, base, screenshot }) {
      await watchCsp(page);
      await open(page, base);
      await page.selectOption('.lesson-select', '01-concepts');
      await page.waitForSelector('.lesson');
      assert.match(await page.textContent('.lesson-title'), /Concepts/);
      assert.equal(await page.locator('.goal-met').count(), 0);
      await runAll(page, ['docker version']);
      await page.waitForSelector('.lesson-celebration');
      assert.match(await page.textContent('.lesson-celebration'), /1 commands, exactly par 1/);
      assert.equal(await page.locator('.goal-met').count(), 1);
      await screenshot('lesson-solved');
      await page.click('.lesson-undo');
      assert.match(await page.textContent('.lesson-count'), /0 commands/);
      const progress = await page.evaluate(() => localStorage.getItem('porthole.progress'));
      assert.equal(progress, '{"01-concepts":1}');
      assert.deepEqual(await violations(page), []);
    },
  },
  {
    name: 'language from the address and the switch',
    async run({ page, base, screenshot }) {
      await page.goto(base + '/?lang=zh-CN&lesson=04-build-run');
      await page.waitForSelector('.lesson');
      assert.match(await page.textContent('.app-subtitle'), /Docker 模拟器/);
      assert.match(await page.textContent('.lesson-title'), /构建镜像/);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
      assert.match(await page.title(), /Docker 模拟器/);
      await screenshot('lesson-zh-CN');
      await runAll(page, ['docker build -t hello-web .', 'docker run -d --name web -p 8000:8000 hello-web']);
      await page.click('[aria-label^="容器 web"]');
      await page.waitForSelector('.inspector-heading:has-text("容器 web")');
      assert.match(await page.textContent('.inspector'), /命名空间/);
      assert.match(await page.textContent('.graph-pane'), /镜像/);
      assert.match(await page.textContent('.terminal-screen'), /CONTAINER ID|[0-9a-f]{64}/, "Docker's output stays as Docker prints it");
      await screenshot('inspector-zh-CN');
      await page.selectOption('.lang-select', 'en');
      assert.match(await page.textContent('.lesson-title'), /Build an image/);
      await page.waitForSelector('.inspector-heading:has-text("Container web")');
      assert.match(await page.textContent('.graph-pane'), /Images/);
      assert.match(await page.textContent('.playback'), /event \d+ of \d+/);
    },
  },
  {
    name: 'shared link restores the session',
    async run({ page, base }) {
      await open(page, base);
      await runAll(page, ['docker pull alpine', 'docker run -d --name web alpine sleep 1000']);
      await page.click('.share-link');
      const address = page.url();
      assert.match(address, /#s=/);
      const fresh = await page.context().newPage();
      await fresh.goto(address);
      await fresh.waitForFunction(() => document.querySelectorAll('.terminal-entry').length === 2);
      assert.match(await fresh.textContent('.terminal-screen'), /docker run -d --name web alpine sleep 1000/);
      const link = LZString.compressToEncodedURIComponent(JSON.stringify({ v: 1, files: [['Dockerfile', 'FROM busybox\n']], steps: ['docker images'] }));
      await fresh.goto(base + '/#s=' + link);
      await fresh.reload();
      await fresh.waitForFunction(() => document.querySelectorAll('.terminal-entry').length === 1);
      assert.match(await fresh.inputValue('.editor-text'), /FROM busybox/);
    },
  },
  {
    name: 'corrupt link keeps the page working',
    async run({ page, base, screenshot }) {
      await page.goto(base + '/#s=AAAA<b>x');
      await page.waitForSelector('.notice');
      assert.match(await page.textContent('.notice-message'), /could not be loaded/);
      assert.equal(await page.locator('.notice-download').count(), 1);
      await screenshot('notice-corrupt-link');
      await type(page, 'docker ps');
      await page.click('.notice-dismiss');
      assert.equal(await page.locator('.notice').count(), 0);
    },
  },
  {
    name: 'hostile input runs no script',
    async run({ page, base, screenshot }) {
      await watchCsp(page);
      const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
      const lesson = LZString.compressToEncodedURIComponent(JSON.stringify({
        id: 'hostile', title: { en: payload }, text: { en: payload + ' `' + payload + '`' }, par: 1,
        goals: [{ check: { goal: 'image', tag: payload } }, { check: { goal: 'container', name: payload } }],
        hints: [{ en: payload }],
      }));
      await page.goto(`${base}/?lesson=${lesson}#${payload}`);
      await page.waitForSelector('.lesson');
      await type(page, `docker run --name "${payload}" alpine`);
      await type(page, `echo ${payload}`);
      await page.fill('.editor-text', `FROM alpine\nRUN echo '${payload}'\n`);
      await page.click('.lesson-more-hint');
      await screenshot('hostile-input');
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await page.locator('.lesson img, .terminal img, .editor img').count(), 0);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `the page is ${width}px wide`);
      assert.deepEqual(await violations(page), []);
    },
  },
  {
    name: 'built page runs under its CSP',
    async run({ page, base }) {
      await watchCsp(page);
      await open(page, base);
      const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      assert.match(meta, /script-src 'self' 'wasm-unsafe-eval'/);
      assert.equal(await page.locator('script:not([src])').count(), 0);
      await runAll(page, ['docker pull alpine', 'docker images', 'docker run -d --name web -m 64m alpine sleep 1000']);
      await page.selectOption('.zoom-select', '1.5');
      await page.selectOption('.theme-select', 'dark');
      await page.click('[aria-label^="Container web"]');
      await page.waitForSelector('.gauge');
      await page.click('.build-lesson');
      await page.waitForSelector('.builder');
      assert.deepEqual(await violations(page), []);
    },
  },
  {
    name: 'two embedded simulators send events',
    async run({ page, base, screenshot }) {
      await page.goto(base + '/embed-example.html');
      await page.waitForFunction(() => document.querySelectorAll('#events li').length >= 2, null, { timeout: 30000 });
      const frames = page.frames().filter((frame) => frame.url().includes('embed=1'));
      assert.equal(frames.length, 2);
      await frames[0].waitForFunction(() => document.querySelectorAll('.terminal-entry').length === 2);
      assert.match(await frames[0].textContent('.terminal-screen'), /alpine\s+latest/);
      assert.equal(await frames[0].locator('.editor').isVisible(), false, 'panes=terminal,graph hides the editor');
      await frames[1].waitForFunction(() => document.querySelectorAll('.terminal-entry').length === 2);
      assert.match(await frames[1].inputValue('.editor-text'), /RUN mkdir \/data/);
      assert.match(await frames[1].textContent('.terminal-screen'), /0\.0\.0\.0:8080->80\/tcp|[0-9a-f]{64}/);
      await frames[0].fill('.terminal-input', 'docker ps');
      await frames[0].press('.terminal-input', 'Enter');
      await page.waitForFunction(() => [...document.querySelectorAll('#events li')].some((item) => item.textContent.includes('"line":"docker ps"')));
      const events = await page.textContent('#events');
      assert.match(events, /first: porthole-ready/);
      assert.match(events, /second: porthole-ready/);
      const heights = await page.evaluate(() => ['#first', '#second'].map((id) => document.querySelector(`${id} iframe`).getBoundingClientRect().height));
      assert.ok(heights[0] >= 520 && heights[0] < 620, `the first frame fits its 520px of panes: ${heights[0]}px`);
      assert.ok(heights[1] >= 360 && heights[1] < 460, `the second frame fits its 360px of panes: ${heights[1]}px`);
      await screenshot('embed-example');
    },
  },
  {
    name: 'the snippet in docs/embedding.md works as written',
    async run({ page, base, root, screenshot }) {
      const doc = await readFile(join(root, 'docs/embedding.md'), 'utf8');
      const snippet = /```html\n([\s\S]*?)```/.exec(doc)[1];
      // The snippet expects the bundle in a porthole/ folder beside the page.
      await page.route(`${base}/docs/page.html`, (route) => route.fulfill({
        contentType: 'text/html',
        body: `<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>${snippet}</body></html>`,
      }));
      await page.route(`${base}/docs/porthole/**`, async (route) => {
        const url = new URL(route.request().url());
        const response = await route.fetch({ url: base + url.pathname.replace('/docs/porthole', '') + url.search });
        await route.fulfill({ response });
      });
      await page.addInitScript(() => {
        window.__events = [];
        for (const kind of ['porthole-ready', 'porthole-command']) {
          document.addEventListener(kind, (event) => window.__events.push(`${kind} ${JSON.stringify(event.detail)}`));
        }
      });
      await page.goto(`${base}/docs/page.html`);
      await page.waitForFunction(() => window.__events.filter((event) => event.startsWith('porthole-command')).length === 2, null, { timeout: 30000 });
      const frame = page.frames().find((candidate) => candidate.url().includes('embed=1'));
      assert.match(await frame.textContent('.terminal-screen'), /alpine\s+latest/);
      assert.equal(await frame.locator('.editor').isVisible(), false);
      const events = await page.evaluate(() => window.__events);
      assert.ok(events.includes('porthole-ready {}'), events.join('\n'));
      assert.ok(events.some((event) => event.includes('"line":"docker images"')), events.join('\n'));
      await screenshot('embed-docs-snippet');
    },
  },
  {
    name: 'export, import and autosave keep the session',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull alpine']);
      const [exported] = await Promise.all([page.waitForEvent('download'), page.click('.export-state')]);
      const state = await readFile(await exported.path(), 'utf8');
      assert.match(state, /"docker pull alpine"/);

      await page.reload();
      await page.waitForFunction(() => document.querySelectorAll('.terminal-entry').length === 1);
      assert.match(await page.textContent('.terminal-screen'), /docker pull alpine/, 'the autosaved state returns on reload');

      await page.evaluate(() => localStorage.setItem('porthole.state', '{"v":1,"files":<b>broken'));
      await page.reload();
      await page.waitForSelector('.notice');
      assert.match(await page.textContent('.notice-message'), /saved in this browser could not be restored/);
      const [kept] = await Promise.all([page.waitForEvent('download'), page.click('.notice-download')]);
      assert.equal(await readFile(await kept.path(), 'utf8'), '{"v":1,"files":<b>broken');
      await page.click('.notice-dismiss');
      assert.equal(await page.locator('.terminal-entry').count(), 0);

      await page.setInputFiles('.import-input', { name: 'state.json', mimeType: 'application/json', buffer: Buffer.from(state) });
      await page.waitForFunction(() => document.querySelectorAll('.terminal-entry').length === 1);
      assert.match(await page.textContent('.terminal-screen'), /docker pull alpine/);

      await page.setInputFiles('.import-input', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.from('x'.repeat(3_000_000)) });
      await page.waitForSelector('.notice');
      assert.match(await page.textContent('.notice-message'), /could not be imported/);
      await screenshot('notice-import-failed');
      assert.equal(await page.locator('.terminal-entry').count(), 1, 'a failed import leaves the session as it was');
      await type(page, 'docker images');
      assert.equal(await page.locator('.terminal-entry').count(), 2);
    },
  },
  {
    name: 'lesson builder exports and tries a lesson',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, ['docker pull alpine', 'docker run -d --name web -p 8080:80 alpine sleep 1000']);
      await page.click('.build-lesson');
      await page.waitForSelector('.builder');
      const draft = JSON.parse(await page.inputValue('.builder-text'));
      assert.deepEqual(draft.solution, ['docker pull alpine', 'docker run -d --name web -p 8080:80 alpine sleep 1000']);
      assert.ok(draft.goals.some((goal) => goal.check.goal === 'container' && goal.check.name === 'web'), JSON.stringify(draft.goals));
      await screenshot('lesson-builder');

      await page.fill('.builder-text', '{"id": "Bad Id"');
      assert.equal(await page.isDisabled('.builder-try'), true, 'invalid JSON cannot be tried');
      assert.notEqual((await page.textContent('.builder-status')).trim(), '');

      draft.id = 'web-lesson';
      draft.title = { en: 'Serve on 8080' };
      draft.goals = [{ check: { goal: 'container', name: 'web', publishes: [8080, 80] } }];
      await page.fill('.builder-text', JSON.stringify(draft));
      const [saved] = await Promise.all([page.waitForEvent('download'), page.click('.builder-save')]);
      assert.equal(saved.suggestedFilename(), 'web-lesson.json');
      await page.click('.builder-try');
      await page.waitForSelector('.lesson');
      assert.match(await page.textContent('.lesson-title'), /Serve on 8080/);
      assert.equal(await page.locator('.goal-met').count(), 0);
      await runAll(page, ['docker run -d --name web -p 8080:80 alpine sleep 1000']);
      await page.waitForSelector('.lesson-celebration');

      await page.selectOption('.lesson-select', '');
      await page.setInputFiles('.import-input', { name: 'web-lesson.json', mimeType: 'application/json', buffer: Buffer.from(await readFile(await saved.path())) });
      await page.waitForSelector('.lesson');
      assert.match(await page.textContent('.lesson-title'), /Serve on 8080/, 'a saved lesson file imports');
    },
  },
  {
    name: 'language from the browser, then the switch',
    async run({ page, base }) {
      await page.addInitScript(() => Object.defineProperty(navigator, 'language', { get: () => 'zh-TW' }));
      await open(page, base);
      assert.match(await page.textContent('.app-subtitle'), /Docker 模拟器/, 'a Chinese browser gets Simplified Chinese');
      await page.selectOption('.lang-select', 'en');
      await page.reload();
      await page.waitForSelector('.terminal-input');
      assert.match(await page.textContent('.app-subtitle'), /A Docker simulator/, 'the switch outranks the browser and survives a reload');
      await page.goto(base + '/?lang=zh-CN');
      await page.waitForSelector('.terminal-input');
      assert.match(await page.textContent('.app-subtitle'), /Docker 模拟器/, '?lang= outranks the switch');
    },
  },
];
