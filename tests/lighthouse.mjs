// Lighthouse runs for tests/gates.py, one Chrome for all of them: each line read on stdin is a run
// ({"url", "categories", "multiplier"}), each line written on stdout its result ({"scores",
// "benchmarkIndex", "warnings"} or {"error"}). Lighthouse resets the origin's storage and the
// browser's cache before every run, so runs in one Chrome are as independent as runs in one Chrome
// each; what is saved is Chrome's start and its kill (about 4.5 s a run on this machine kind).
import * as readline from "node:readline";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
  ],
});

async function run({ url, categories, multiplier }) {
  const flags = {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    onlyCategories: categories,
    disableFullPageScreenshot: true,
    // as the command line's --throttling.cpuSlowdownMultiplier, merged into the default throttling
    ...(multiplier ? { throttling: { cpuSlowdownMultiplier: multiplier } } : {}),
  };
  const { lhr } = await lighthouse(url, flags);
  const scores = Object.fromEntries(
    categories.map((key) => [key, Math.round((lhr.categories[key].score ?? 0) * 100)]),
  );
  return { scores, benchmarkIndex: lhr.environment.benchmarkIndex, warnings: lhr.runWarnings };
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  let answer;
  try {
    answer = await run(JSON.parse(line));
  } catch (error) {
    answer = { error: String(error?.stack ?? error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
await chrome.kill();
