// Helpers the browser tests share: typing a line, waiting for playback,
// reading the playback counter.

/** Opens the page and waits for the terminal. */
export async function open(page, base) {
  await page.goto(base + '/');
  await page.waitForSelector('.terminal-input');
}

/** Types one line into the terminal and waits for its entry to appear. */
export async function type(page, line) {
  const before = await page.locator('.terminal-entry').count();
  await page.fill('.terminal-input', line);
  await page.press('.terminal-input', 'Enter');
  await page.waitForFunction((count) => document.querySelectorAll('.terminal-entry').length > count, before);
}

/** Returns [played, total] from the playback counter ("event 3 of 12"). */
export async function progress(page) {
  const text = await page.textContent('.playback-progress');
  const match = /event (\d+) of (\d+)/.exec(text ?? '');
  if (!match) throw new Error(`no playback counter in ${JSON.stringify(text)}`);
  return [Number(match[1]), Number(match[2])];
}

/** Sets the playback speed (one of 0.25, 0.5, 1, 2, 4, 8). */
export async function setSpeed(page, speed) {
  await page.selectOption('.speed-select', String(speed));
}

/** Waits until playback has applied every event of the command shown. */
export async function waitForPlayback(page, timeout = 30000) {
  await page.waitForFunction(() => {
    // Data attributes, not the text, so this works in every language.
    const progress = document.querySelector('.playback-progress')?.dataset;
    const paused = document.querySelector('.play-button')?.dataset.playing === 'false';
    return progress?.played !== undefined && progress.played === progress.total && paused;
  }, null, { timeout });
}

/** Types lines at the highest speed and waits for the last one to play. */
export async function runAll(page, lines) {
  await setSpeed(page, 8);
  for (const line of lines) await type(page, line);
  await waitForPlayback(page);
}
