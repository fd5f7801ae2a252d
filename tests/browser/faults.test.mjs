// Faults and hosts from the page: the fault switch stops the laptop's
// daemon, the next docker command fails with Docker's own error, and the
// graph draws the daemon red with the fault's message; a client pointed at
// the server by DOCKER_HOST fills the server's region, and a refused SSH
// connection marks the server. A registry container is drawn inside the
// host that runs it, and the hosts keep their order.
import assert from 'node:assert/strict';
import { open, type, runAll, setSpeed, waitForPlayback } from './helpers.mjs';

const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

export const tests = [
  {
    name: 'stopping the daemon from the page',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await setSpeed(page, 8);
      await page.click('.fault-switch > summary');
      const before = await page.locator('.terminal-entry').count();
      await page.check('input[data-host="laptop"][data-fault="daemon-stopped"]');
      await page.waitForFunction((count) => document.querySelectorAll('.terminal-entry').length > count, before);
      await waitForPlayback(page);
      const switched = await page.locator('.terminal-entry').last().textContent();
      assert.match(switched, /porthole fault on daemon-stopped --host laptop/);
      await page.click('.fault-switch > summary');

      await type(page, 'docker ps');
      await waitForPlayback(page);
      const output = await page.locator('.terminal-entry').last().textContent();
      assert.ok(output.includes(DAEMON_DOWN), `the client's error is shown: ${output}`);

      const daemon = page.locator('[aria-label="dockerd (stopped) on laptop"]');
      assert.equal(await daemon.count(), 1, 'the laptop daemon is drawn stopped');
      assert.match(await daemon.getAttribute('class'), /node-failed/, 'the stopped daemon is red');
      assert.match(await page.textContent('.host-fault'), /daemon-stopped/);
      assert.match(await page.textContent('.fault-message'), /Cannot connect to the Docker daemon/);
      assert.equal(await page.textContent('.fault-switch > summary'), 'Faults (1 on)');
      await screenshot('faults-daemon-stopped');

      // The switch shows the faults of now while the graph shows the start.
      await page.click('.timeline-item:has-text("Start")');
      await page.click('.fault-switch > summary');
      const stopped = page.locator('input[data-host="laptop"][data-fault="daemon-stopped"]');
      assert.equal(await stopped.isChecked(), true, 'the switch shows the fault that is on now');
      await page.uncheck('input[data-host="laptop"][data-fault="daemon-stopped"]');
      await page.waitForFunction(() => [...document.querySelectorAll('.terminal-entry')].pop().textContent.includes('fault off daemon-stopped'));
      assert.equal(await stopped.isChecked(), false, 'the switch stays off');
      await waitForPlayback(page);
      assert.equal(await stopped.isChecked(), false, 'the switch is still off after the events play');
      await page.click('.fault-switch > summary');
      await type(page, 'docker ps');
      await waitForPlayback(page);
      const healed = await page.locator('.terminal-entry').last().textContent();
      assert.match(healed, /CONTAINER ID/);
      assert.equal(await page.locator('.host-fault').count(), 0);
    },
  },
  {
    name: 'remote daemon and ssh refused',
    async run({ page, base, screenshot }) {
      await open(page, base);
      await runAll(page, [
        'export DOCKER_HOST=ssh://learner@server',
        'docker run -d --name web -p 8080:80 nginx',
        'docker ps --format "{{.Names}}"',
      ]);
      const listing = await page.locator('.terminal-entry').last().textContent();
      assert.match(listing, /"\{\{\.Names\}\}"\s*web\s*$/, `docker ps on the server lists web: ${listing}`);
      const server = page.locator('[aria-label^="Container web"]');
      assert.equal(await server.count(), 1, 'the container is drawn once');

      await runAll(page, ['porthole fault on ssh-refused --host server', 'docker ps']);
      const refused = await page.locator('.terminal-entry').last().textContent();
      assert.match(refused, /error during connect: Get "http:\/\/docker\.example\.com\/v1\.51\/containers\/json": command \[ssh -o ConnectTimeout=30 -T -l learner -- server docker system dial-stdio\] has exited with exit status 255/);
      assert.match(refused, /stderr=ssh: connect to host server port 22: Connection refused/);
      const daemon = page.locator('[aria-label="dockerd (daemon) on server"]');
      assert.match(await daemon.getAttribute('class'), /node-failed/, 'the server daemon is red');
      assert.match(await page.textContent('.host-fault'), /ssh-refused/);
      await screenshot('faults-ssh-refused');
    },
  },
  {
    name: 'a private registry inside its host',
    async run({ page, base, screenshot }) {
      await open(page, base);
      const boxes = () => page.$$eval('.host-box', (rects) => rects.map((rect) => rect.getBoundingClientRect().toJSON()));
      const widths = () => page.$$eval('.host-box', (rects) => rects.map((rect) => rect.getAttribute('width')));
      const [emptyLaptop] = await widths();
      await runAll(page, [
        'export DOCKER_HOST=ssh://learner@server',
        'docker run -d -p 5000:5000 --name registry registry:2',
        'docker pull alpine',
        'docker tag alpine localhost:5000/alpine',
        'docker push localhost:5000/alpine',
      ]);
      const [laptop, server] = await boxes();
      assert.ok(laptop.right <= server.left, 'the laptop stays left of the server the client targets');
      assert.equal((await widths())[0], emptyLaptop, 'the empty laptop stays compact');
      const inside = (outer, inner) => inner.left >= outer.left && inner.right <= outer.right && inner.top >= outer.top && inner.bottom <= outer.bottom;
      const box = (selector) => page.$eval(selector, (element) => element.getBoundingClientRect().toJSON());
      const registry = await box('[aria-label="Registry server:5000 (server:5000)"]');
      assert.ok(inside(server, registry), `the registry is drawn in the server: ${JSON.stringify(registry)}`);
      const repository = await box('.registry:has([aria-label="Registry server:5000 (server:5000)"]) .repository');
      assert.ok(inside(server, repository), 'its repository too');
      const hub = await box('[aria-label^="Registry Docker Hub"]');
      assert.ok(!inside(server, hub), 'Docker Hub stays outside the server');
      assert.ok(!inside(laptop, hub), 'Docker Hub stays outside the laptop');
      await screenshot('faults-private-registry');
    },
  },
];
