// ESLint for the project's JavaScript (README, « Le JavaScript »): `npm ci`, then
// `npx eslint` from the repository's root (.ci/run does both; tests/test_eslint.py too).
//
// Three kinds of script, each with its language level:
// - overrides/assets/js/*.js: the site's scripts, one IIFE each, loaded by the pages as
//   classic scripts (never modules); and overrides/assets/javascripts/*.js, the one that
//   runs before Material's bundle. Today's browsers: modern syntax is the rule
//   (const/let, never var; optional catch bindings, arrows).
// - overrides/assets/javascripts/workers/*.js: the French search worker and the frame
//   that stands in for it offline (file://), beside Material's own worker.
// - generator/export/assets/*.js: scripts that run inside an LMS's player (the SCORM 1.2
//   runtime of each course package, commun/scorm12.js), where old players may still
//   run them: ES5 only (`var`, no arrow, no let/const), which the ecmaVersion 5
//   parser enforces. The package's other scripts are the site's own (passerelles.js,
//   quiz.js), linted above.
// Vendored code (overrides/assets/vendor/) keeps its authors' form and is not linted.
import js from "@eslint/js";
import globals from "globals";

// Every file under the rules recommended by ESLint, with a catch that ignores its
// error allowed: the scripts catch on purpose (storage blocked, a window of another
// site) and ES5 has no catch without a binding.
const recommended = {
  ...js.configs.recommended.rules,
  "no-unused-vars": ["error", { caughtErrors: "none" }],
};

export default [
  {
    ignores: [
      "node_modules/",
      ".venv/",
      "site/",
      "build/",
      ".site.*/",
      "overrides/assets/vendor/",
    ],
  },
  {
    files: ["overrides/assets/js/**/*.js", "overrides/assets/javascripts/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      // document$: Material's observable of page loads (instant navigation).
      globals: { ...globals.browser, document$: "readonly" },
    },
    rules: {
      ...recommended,
      "no-var": "error",
      "prefer-const": "error",
      strict: ["error", "function"],
    },
  },
  {
    files: ["overrides/assets/javascripts/workers/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      // lunr: loaded by Material's worker with importScripts.
      globals: { ...globals.worker, ...globals.browser, lunr: "readonly" },
    },
    rules: { ...recommended, "no-var": "error", "prefer-const": "error" },
  },
  {
    files: ["generator/export/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: { ...recommended, strict: ["error", "function"] },
  },
  {
    // This configuration itself, and any Node script beside it.
    files: ["*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
    rules: { ...recommended, "no-var": "error", "prefer-const": "error" },
  },
];
