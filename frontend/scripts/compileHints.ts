/** V8's explicit compile hint on every chunk the build writes: `//# allFunctionsCalledOnLoad`
 * on a script's first line asks Chromium (136 and later) to compile all its functions while
 * the script streams in, on a background thread, instead of each one on the main thread the
 * first time it is called. Every chunk here is fetched when its code is about to run (the
 * entries; a page, a dialog, a feature when first shown), so most of its functions run at
 * once: on a phone's CPU their compiling on demand was a fifth to a third of the tasks that
 * draw the SPA's first screen and its board (docs/performance.md, "Lighthouse"). Other
 * browsers read the line as a comment. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "vite";

export const HINT = "//# allFunctionsCalledOnLoad";

/** The code with the hint on its first line, once. */
export function hinted(code: string): string {
  return code.startsWith(HINT + "\n") ? code : `${HINT}\n${code}`;
}

/** A source map for the hinted code: its mappings one line further down. */
export function shiftedMap(map: string): string {
  const parsed = JSON.parse(map) as { mappings: string };
  return JSON.stringify({ ...parsed, mappings: `;${parsed.mappings}` });
}

/** Written into the files once the bundle is on disk: the bundler's own last touches to a
 * chunk (the preload helper at its top) come after every plugin's code hooks. */
export function compileHints(): Plugin {
  return {
    name: "teamboard-compile-hints",
    apply: "build",
    writeBundle(options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        const file = join(options.dir ?? "dist", chunk.fileName);
        const code = readFileSync(file, "utf8");
        if (hinted(code) === code) continue;
        writeFileSync(file, hinted(code));
        if (existsSync(`${file}.map`)) writeFileSync(`${file}.map`, shiftedMap(readFileSync(`${file}.map`, "utf8")));
      }
    },
  };
}
