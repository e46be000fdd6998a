// Runs Lighthouse (its Node API) on a list of pages in one Debian Chromium, the mobile
// preset (Lighthouse's default config), and prints one JSON line per run on stdout.
// bench/lighthouse.py copies this file next to its own Lighthouse install and runs it there
// (so that the imports resolve), with one argument: a JSON job
//   {"chrome": path, "flags": [...], "runs": n, "reports": dir|null,
//    "pages": [{"name", "url", "cookies": [{"name", "value", "url"}]}]}.
// Each page gets its own cookies: a page measured anonymously gets none.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const job = JSON.parse(process.argv[2]);
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = {
  lcp: "largest-contentful-paint",
  cls: "cumulative-layout-shift",
  tbt: "total-blocking-time",
  fcp: "first-contentful-paint",
  si: "speed-index",
};

const chrome = await chromeLauncher.launch({ chromePath: job.chrome, chromeFlags: job.flags });
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const page = await browser.newPage();
  for (const target of job.pages) {
    const old = await page.cookies(target.url);
    if (old.length) await page.deleteCookie(...old);
    if (target.cookies.length) await page.setCookie(...target.cookies);
    let retries = 0;
    for (let run = 1; run <= job.runs; run++) {
      const result = await lighthouse(
        target.url,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES },
        undefined,
        page,
      );
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`no result for ${target.url}`);
      if (job.reports) {
        const slug = target.name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "");
        writeFileSync(join(job.reports, `${slug}-${run}.json`), result.report);
      }
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? null]));
      const metrics = Object.fromEntries(
        Object.entries(METRICS).map(([k, id]) => [k, lhr.audits[id]?.numericValue ?? null]),
      );
      // What kept a category from 100 (or, for performance, under 0.9): ids only.
      const failing = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative")
        .map((a) => a.id);
      const errors = lhr.runtimeError ? [lhr.runtimeError.code] : [];
      // A trace without its start (NO_NAVSTART) happens now and then: measured again.
      if (errors.includes("NO_NAVSTART") && retries++ < 3) { run--; continue; }
      console.log(
        JSON.stringify({
          name: target.name, url: lhr.finalDisplayedUrl, run, scores, metrics, failing, errors,
          benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
        }),
      );
    }
  }
  await browser.disconnect();
} finally {
  await chrome.kill();
}
