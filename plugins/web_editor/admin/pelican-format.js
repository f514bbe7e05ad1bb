/* The « pelican » file format of the web editor (Decap CMS's registerCustomFormat).
 *
 * A content file is a header of `Key: value` lines, one blank line, then the Markdown body:
 *
 *     Author: Prénom Nom
 *     Event: roumics-2012
 *     Date: 2026-01-31
 *
 *     Votre témoignage.
 *
 * The header is read as catalyst/model/reader/source.py reads it: `Key: value` lines up to the
 * first blank line, lines indented by 4 spaces or more continuing the previous value.
 *
 * Field names in config.yml are the keys in lower case, as Pelican stores them (`title`,
 * `image-description`); the body is the field `body`. Lower case matters: Decap lower-cases a
 * collection's `path` template, so `{{event}}/{{slug}}` only finds a lower-case field.
 * Reading lower-cases the keys (a hand-written `author:` still fills its form); writing spells
 * each key as the project does, capitalised per hyphenated part (`Image-Description`) unless
 * `spelling` says otherwise. Saving keeps the file's key order, so that only the lines edited
 * change; a key the form adds goes after the one before it in the form, and a new text follows
 * the form's order. Keys the form does not know are kept. Empty values and lists are left out.
 *
 * Options (editor.js, written by plugins.web_editor from the content model):
 *   lists:     fields whose value is a comma-separated list (`list` widget): « a, b » ⇄ [a, b]
 *   multiline: fields whose value may go on over lines indented by 4 spaces (`summary`)
 *   spelling:  {field: "Key"} where the key is not the capitalised field name (`url`: `URL`)
 */
(function () {
  "use strict";
  // The patterns of markdown.extensions.meta, as catalyst/model/reader/source.py.
  var KEY = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var MORE = /^[ ]{4,}(.*)$/;
  var BEGIN = /^-{3}(\s.*)?$/;
  var END = /^(-{3}|\.{3})(\s.*)?$/;
  // Where fromFile keeps the order of the file's keys for toFile: no header key can be named so.
  var ORDER = "#order";

  function capitalised(key) {
    return key.split("-").map(function (part) {
      return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
    }).join("-");
  }

  function plain(value) {
    // Decap may hand over Immutable.js values (lists, maps).
    if (value !== null && typeof value === "object" && typeof value.toJS === "function") {
      return value.toJS();
    }
    return value;
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function text(value) {
    value = plain(value);
    if (value instanceof Date) { // a date picker without `format`: the local day
      return value.getFullYear() + "-" + pad(value.getMonth() + 1) + "-" + pad(value.getDate());
    }
    return String(value);
  }

  function isReserved(key) {
    return key === "body" || key === ORDER;
  }

  // The file's own key order, so that saving a text changes only the lines edited; a key the
  // form adds goes after the closest key before it in the form (Decap passes the form's order).
  function ordered(original, form) {
    var keys = (Array.isArray(original) ? original : []).filter(function (k) {
      return !isReserved(k);
    });
    form = form.filter(function (k) { return !isReserved(k); });
    form.forEach(function (key, i) {
      if (keys.indexOf(key) >= 0) return;
      var at = 0;
      for (var j = i - 1; j >= 0; j--) {
        var before = keys.indexOf(form[j]);
        if (before >= 0) {
          at = before + 1;
          break;
        }
      }
      keys.splice(at, 0, key);
    });
    return keys;
  }

  function make(options) {
    options = options || {};
    var lists = options.lists || [];
    var multiline = options.multiline || [];
    var spelling = options.spelling || {};

    function fromFile(content) {
      var lines = String(content || "").replace(/^\uFEFF/, "").split(/\r\n?|\n/);
      var data = {};
      var order = [];
      var last = null;
      var i = lines.length && BEGIN.test(lines[0]) ? 1 : 0;
      for (; i < lines.length; i++) {
        var line = lines[i];
        if (!line.trim() || END.test(line)) break;
        var found = KEY.exec(line);
        if (found) {
          last = found[1].toLowerCase();
          data[last] = found[2].trim();
          if (order.indexOf(last) < 0) order.push(last);
          continue;
        }
        found = MORE.exec(line);
        if (found && last) {
          data[last] += "\n" + found[1];
          continue;
        }
        break; // not a header line: the body starts here (the reader reports it)
      }
      if (i < lines.length && END.test(lines[i])) i++;
      if (i < lines.length && !lines[i].trim()) i++; // the blank line after the header
      data.body = lines.slice(i).join("\n");
      data[ORDER] = order;
      lists.forEach(function (key) {
        if (typeof data[key] === "string") {
          data[key] = data[key].split(",").map(function (s) { return s.trim(); })
            .filter(Boolean);
        }
      });
      return data;
    }

    function toFile(data, sortedKeys) {
      data = plain(data) || {};
      var keys = ordered(plain(data[ORDER]) || [], sortedKeys || []);
      Object.keys(data).forEach(function (k) { // keys the form does not know, last
        if (!isReserved(k) && keys.indexOf(k) < 0) keys.push(k);
      });
      var header = [];
      keys.forEach(function (key) {
        var value = plain(data[key]);
        if (isEmpty(value)) return;
        if (Array.isArray(value)) { // a comma inside an item would split it on reading
          value = value.map(function (item) {
            return text(item).replace(/\s*,\s*/g, " ").trim();
          }).filter(Boolean).join(", ");
        } else {
          value = text(value);
        }
        value = value.replace(/\r\n?/g, "\n").trim();
        if (!value) return;
        if (multiline.indexOf(key) >= 0) {
          value = value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean)
            .join("\n    ");
        } else {
          value = value.replace(/\s*\n\s*/g, " ");
        }
        header.push((spelling[key] || capitalised(key)) + ": " + value);
      });
      var body = isEmpty(data.body) ? "" : text(data.body).replace(/\r\n?/g, "\n");
      body = body.replace(/^\s*\n/, "").replace(/\s+$/, "");
      return header.join("\n") + "\n\n" + (body ? body + "\n" : "");
    }

    return { fromFile: fromFile, toFile: toFile };
  }

  if (typeof window !== "undefined") {
    window.registerPelicanFormat = function (CMS, options) {
      CMS.registerCustomFormat("pelican", "md", make(options));
    };
  }
  if (typeof module !== "undefined" && module.exports) {
    module.exports = make; // Node: tests/web_editor_format.test.cjs
  }
})();
