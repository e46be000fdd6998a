// ESLint: typescript-eslint's strict type-checked rules, React's rules of hooks, and the
// folder rules of src/ (eslint-plugin-boundaries). `npm run lint` allows no warning.
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

/** The parts of src/ and what each may import. Anything else is refused (`default:
 * "disallow"`), and a file in src/ that belongs to no part is an error of its own. */
const elements = [
  { type: "app", pattern: "src/app" }, // the SPA's entry and shell
  { type: "islands", pattern: "src/islands" }, // the board page's entry
  { type: "feature", pattern: "src/features/*", capture: ["feature"] },
  { type: "lib", pattern: "src/lib" }, // shared plumbing, no feature
  { type: "generated", pattern: "src/generated" }, // the API's types
  { type: "fixtures", pattern: "src/test" }, // test data, for tests only
];

const allow = (...types) => ({ to: { element: { types } } });

const policies = [
  { from: { element: { type: "app" } }, allow: allow("feature", "lib", "generated") },
  { from: { element: { type: "islands" } }, allow: allow("feature", "lib", "generated") },
  // A feature reaches no other feature: what two features share belongs in lib. (Imports
  // within one feature are not checked: they never leave its folder.)
  { from: { element: { type: "feature" } }, allow: allow("lib", "generated") },
  { from: { element: { type: "lib" } }, allow: allow("generated") },
  { from: { element: { type: "fixtures" } }, allow: allow("lib", "generated") },
  { from: { file: { categories: "test" } }, allow: allow("fixtures") },
];

export default defineConfig(
  { ignores: ["dist/", "src/generated/api.ts"] },
  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
      reactHooks.configs.flat["recommended-latest"],
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "react-hooks/exhaustive-deps": "error",
      // Numbers in template literals are the norm here ("position 3"), and safe.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // `onClick={() => setOpen(false)}`: a handler's value is never read.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // An empty string means "none" here (VITE_API_URL, a problem's detail): `||` is meant.
      "@typescript-eslint/prefer-nullish-coalescing": ["error", { ignorePrimitives: { string: true } }],
    },
  },
  {
    // In a test, `columns[0]!` is an assertion: a missing column fails the test.
    files: ["**/*.test.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { boundaries },
    settings: {
      "boundaries/root-path": import.meta.dirname, // the patterns are relative to this folder
      "boundaries/elements": elements,
      "boundaries/files": [{ category: "test", pattern: "**/*.test.ts" }],
      "import/resolver": { node: { extensions: [".ts", ".tsx"] } },
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "disallow", policies }],
      "boundaries/no-unknown-files": "error",
      "boundaries/no-unknown-dependencies": "error",
    },
  },
);
