// The web editor's « pelican » format (plugins/web_editor/admin/pelican-format.js), in Node.
// Run by tests/test_web_editor_format.py, which passes the options the build writes into
// editor.js (WEB_EDITOR_FORMAT, JSON), each collection's folder with its form's field names in
// config.yml's order (WEB_EDITOR_FORMS, JSON) and the content folder (WEB_EDITOR_CONTENT).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");

const make = require("../plugins/web_editor/admin/pelican-format.js");
const options = JSON.parse(process.env.WEB_EDITOR_FORMAT || "null");
const forms = JSON.parse(process.env.WEB_EDITOR_FORMS || "null");
const content = process.env.WEB_EDITOR_CONTENT;
assert.ok(options && forms && content, "run by tests/test_web_editor_format.py");
const format = make(options);

function markdownFiles(folder) {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const found = path.join(folder, entry.name);
    if (entry.isDirectory()) return markdownFiles(found);
    return entry.name.endsWith(".md") ? [found] : [];
  }).sort();
}

// The field names of the form that edits a file: its collection's, by folder (the longest).
function formOf(relative) {
  const folder = Object.keys(forms)
    .filter((f) => relative.startsWith(f + "/"))
    .sort((a, b) => b.length - a.length)[0];
  assert.ok(folder, `no collection of the editor holds ${relative}`);
  return forms[folder];
}

test("every content file, opened and saved in its form, comes back byte for byte", () => {
  const files = markdownFiles(content);
  assert.ok(files.length > 0, `no .md file under ${content}`);
  const changed = [];
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const relative = path.relative(path.dirname(content), file).split(path.sep).join("/");
    // Decap hands toFile the form's field order; the file keeps its own.
    const saved = format.toFile(format.fromFile(source), formOf(relative));
    if (saved !== source) changed.push(relative);
  }
  assert.deepStrictEqual(changed, []);
  console.log(`round trips: ${files.length} files`);
});

test("a field filled in an existing text goes after the one before it in the form", () => {
  const source =
    "Author: A B\nOrganisation: C\nEvent: e\nDate: 2026-01-31\nLicense: CC0 1.0\n\nT\n";
  const data = format.fromFile(source);
  data.role = "Bénévole";
  data.organisation = ""; // emptied: its line goes
  const form = ["author", "role", "organisation", "event", "date", "summary", "body"];
  assert.strictEqual(
    format.toFile(data, form),
    "Author: A B\nRole: Bénévole\nEvent: e\nDate: 2026-01-31\nLicense: CC0 1.0\n\nT\n",
  );
  data.summary = "S";
  data.title = "Hors formulaire";
  assert.strictEqual(
    format.toFile(data, form),
    "Author: A B\nRole: Bénévole\nEvent: e\nDate: 2026-01-31\nSummary: S\nLicense: CC0 1.0\n" +
      "Title: Hors formulaire\n\nT\n",
  );
});

test("a testimonial written from the form's data: keys capitalised, form order, empty left out",
  () => {
    const data = {
      body: "Une journée « riche ».\r\n\r\nÀ refaire !\n\n",
      date: "2026-01-31",
      event: "roumics-2012",
      role: "",
      organisation: "La Coroutine",
      author: "  Prénom Nom-Testé ",
    };
    const order = ["author", "role", "organisation", "event", "date", "body"];
    assert.strictEqual(
      format.toFile(data, order),
      "Author: Prénom Nom-Testé\nOrganisation: La Coroutine\nEvent: roumics-2012\n" +
        "Date: 2026-01-31\n\nUne journée « riche ».\n\nÀ refaire !\n",
    );
    const back = format.fromFile(format.toFile(data, order));
    assert.strictEqual(back.author, "Prénom Nom-Testé");
    assert.strictEqual(back.event, "roumics-2012");
    assert.strictEqual(back.body, "Une journée « riche ».\n\nÀ refaire !\n");
  });

test("lists, a summary on several lines, the model's spellings, keys the form does not know",
  () => {
    const listed = { toJS: () => ["Camille Dupont", "Karim, Benali", ""] }; // Immutable.js
    const out = format.toFile(
      {
        title: "Un titre",
        authors: listed,
        tags: [],
        summary: "Une phrase.\nEt une autre.",
        "image-description": "Deux personnes\nà une table",
        url: "une-adresse/",
        license: "CC BY 4.0",
        body: "",
      },
      ["title", "authors", "tags", "summary", "image-description", "body"],
    );
    assert.strictEqual(
      out,
      "Title: Un titre\nAuthors: Camille Dupont, Karim Benali\n" +
        "Summary: Une phrase.\n    Et une autre.\nImage-Description: Deux personnes à une table\n" +
        "URL: une-adresse/\nLicense: CC BY 4.0\n\n",
    );
    const read = format.fromFile(
      "\uFEFFtitle: T\r\nTags: a, b ,c\r\nSummary: une\r\n    deux\r\n\r\nCorps\r\n",
    );
    assert.deepStrictEqual(read.tags, ["a", "b", "c"]);
    assert.strictEqual(read.title, "T");
    assert.strictEqual(read.summary, "une\ndeux");
    assert.strictEqual(read.body, "Corps\n");
  });
