/* The settlement workshop in the browser, for the published page with no kernel (issue #33).

   It reads window.pbWorkshopData, which the build writes from the book's tables (peacebook/files/browser_workshop.py,
   _ext/workshop_data.py): the rules with their conditions, the red lines on record, the texts' coded options, the
   vocabularies and the settlement file's format. The feedback below evaluates those tables exactly as the Python
   model does (peacebook/model/settlement.py); tests/test_browser_workshop.py checks it flag for flag on random drafts.
   The file it exports is the Python workshop's (peacebook/files/submission.py), with the same checksum.

   Student text is hostile: it is only ever set as textContent or a control's value, never as markup.
   No framework, no network: everything it needs is on the page. */
(function () {
  "use strict";

  // ------------------------------------------------------------------------------------------------------------
  // Pure functions (no page): feedback, the file format, the checksum. Exported as window.pbWorkshop for tests.
  // ------------------------------------------------------------------------------------------------------------

  // Python's str.isspace(), so that "silent" and one-line names mean here what they mean in the model.
  const PY_SPACE = new Set(
    "\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" +
      "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
  );

  function pyStrip(text) {
    const chars = Array.from(text);
    let start = 0;
    let end = chars.length;
    while (start < end && PY_SPACE.has(chars[start])) start++;
    while (end > start && PY_SPACE.has(chars[end - 1])) end--;
    return chars.slice(start, end).join("");
  }

  function choiceKind(choice) {
    if (choice && choice.option_id) return "option";
    return choice && pyStrip(choice.custom_text || "") ? "custom" : "silent";
  }

  function chosenOptions(draft) {
    const chosen = new Set();
    for (const choice of Object.values(draft.choices || {})) if (choice && choice.option_id) chosen.add(choice.option_id);
    return chosen;
  }

  function choiceOf(draft, issueId) {
    const choices = draft.choices || {};
    return Object.prototype.hasOwnProperty.call(choices, issueId) ? choices[issueId] : null;
  }

  // settlement.Rule.trips
  function trips(rule, chosen, silent) {
    const isQuestion = !(rule.if_any.length || rule.and_any.length || rule.and_none.length || rule.and_silent.length);
    return (
      !isQuestion &&
      (!rule.if_any.length || rule.if_any.some((o) => chosen.has(o))) &&
      (!rule.and_any.length || rule.and_any.some((o) => chosen.has(o))) &&
      !rule.and_none.some((o) => chosen.has(o)) &&
      rule.and_silent.every((i) => silent.has(i))
    );
  }

  function isQuestion(rule) {
    return !(rule.if_any.length || rule.and_any.length || rule.and_none.length || rule.and_silent.length);
  }

  // Catalogue.feedback: red lines crossed, rules tripped, questions, and the texts closest to the draft.
  function feedback(data, draft) {
    const chosen = chosenOptions(draft);
    const silent = new Set(data.issues.map((i) => i.id).filter((id) => choiceKind(choiceOf(draft, id)) === "silent"));
    const redLines = {};
    for (const party of data.parties) redLines[party] = [];
    for (const record of data.red_lines) if (chosen.has(record.option_id)) redLines[record.party].push(record);
    const tripped = data.rules.filter((rule) => trips(rule, chosen, silent));
    const questions = data.rules.filter(isQuestion);
    const closest = data.texts.map((text) => {
      const issues = Object.keys(text.options);
      const matching = issues.filter((issue) => {
        const choice = choiceOf(draft, issue);
        return choice !== null && choice.option_id === text.options[issue];
      });
      return {
        text_code: text.code,
        short_title: text.short_title,
        matches: matching.length,
        comparable: issues.length,
        matching_issues: matching.sort(),
        share: matching.length / issues.length,
      };
    });
    closest.sort((a, b) => b.matches - a.matches || b.share - a.share || (a.text_code < b.text_code ? -1 : a.text_code > b.text_code ? 1 : 0));
    return { red_lines: redLines, tripped: tripped, questions: questions, closest: closest };
  }

  // The same feedback as plain ids, for comparing with the model.
  function feedbackIds(data, draft) {
    const result = feedback(data, draft);
    const redLines = {};
    for (const party of data.parties) redLines[party] = result.red_lines[party].map((r) => r.option_id);
    return {
      red_lines: redLines,
      tripped: result.tripped.map((r) => r.id),
      questions: result.questions.map((r) => r.id),
      closest: result.closest.map((t) => [t.text_code, t.matches, t.comparable]),
    };
  }

  // Catalogue.role_problems
  function roleProblems(data, draft) {
    if (!draft.role || draft.role === data.mediator) return [];
    const problems = [];
    for (const issue of data.issues) {
      const choice = choiceOf(draft, issue.id) || {};
      const acceptable = choice.acceptable || [];
      const title = issue.id + " " + issue.title;
      if (choice.option_id && acceptable.length && !acceptable.includes(choice.option_id))
        problems.push(title + ": your opening position is not among the options you marked acceptable.");
      if (choice.option_id && !acceptable.length) problems.push(title + ": you open with an option but marked nothing as acceptable.");
    }
    return problems;
  }

  // --- the checksum: SHA-256 of Python's json.dumps(payload without "checksum", sort_keys=True, ensure_ascii=False)

  // Python sorts keys by code point; JavaScript's < compares UTF-16 code units, which differs above U+FFFF.
  function compareCodePoints(a, b) {
    const x = Array.from(a, (c) => c.codePointAt(0));
    const y = Array.from(b, (c) => c.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  }

  const PY_ESCAPES = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

  function pyString(text) {
    // json's ESCAPE with ensure_ascii=False: quotes, backslashes and control characters; everything else as it is.
    return (
      '"' +
      text.replace(/["\\\u0000-\u001f]/g, (c) => PY_ESCAPES[c] || "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) +
      '"'
    );
  }

  function pyFloat(value) {
    // float.__repr__: the shortest digits that round-trip (as JavaScript's), fixed from 1e-4 to 1e16, else d.ddde+XX.
    if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    const [mantissa, exp] = value.toExponential().split("e");
    const exponent = Number(exp);
    const digits = mantissa.replace("-", "").replace(".", "");
    const sign = value < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
      return sign + m + "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
    }
    if (exponent < 0) return sign + "0." + "0".repeat(-exponent - 1) + digits;
    if (digits.length <= exponent + 1) return sign + digits + "0".repeat(exponent + 1 - digits.length) + ".0";
    return sign + digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
  }

  function pythonJson(value) {
    if (value === null || value === undefined) return "null";
    if (value === true) return "true";
    if (value === false) return "false";
    if (typeof value === "number") {
      if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
      return pyFloat(value);
    }
    if (typeof value === "string") return pyString(value);
    if (Array.isArray(value)) return "[" + value.map(pythonJson).join(", ") + "]";
    const keys = Object.keys(value).sort(compareCodePoints);
    return "{" + keys.map((k) => pyString(k) + ": " + pythonJson(value[k])).join(", ") + "}";
  }

  // UTF-8, with a lone surrogate written as its three bytes (Python's "surrogatepass"), as submission._checksum does.
  function utf8Bytes(text) {
    const out = [];
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return Uint8Array.from(out);
  }

  // SHA-256 (FIPS 180-4). Written here rather than crypto.subtle, which a page opened from a file or a plain-http
  // course server does not have; tests/test_browser_workshop.py checks it against Python's hashlib.
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
  ]);
  const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  function sha256Hex(bytes) {
    const length = bytes.length;
    const total = Math.ceil((length + 9) / 64) * 64;
    const buffer = new Uint8Array(total);
    buffer.set(bytes);
    buffer[length] = 0x80;
    const view = new DataView(buffer.buffer);
    const bits = length * 8;
    view.setUint32(total - 8, Math.floor(bits / 0x100000000));
    view.setUint32(total - 4, bits >>> 0);
    const h = H0.slice();
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let offset = 0; offset < total; offset += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g;
        g = f;
        f = e;
        e = (d + t1) >>> 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) >>> 0;
      }
      const add = [a, b, c, d, e, f, g, k];
      for (let i = 0; i < 8; i++) h[i] = (h[i] + add[i]) >>> 0;
    }
    return h.map((x) => x.toString(16).padStart(8, "0")).join("");
  }

  // Sets an own property even for a key such as "__proto__", which a file may hold and plain assignment would not keep.
  function put(object, key, value) {
    Object.defineProperty(object, key, { value: value, enumerable: true, writable: true, configurable: true });
    return object;
  }

  function checksum(payload) {
    const body = {};
    for (const key of Object.keys(payload)) if (key !== "checksum") put(body, key, payload[key]);
    return "sha256:" + sha256Hex(utf8Bytes(pythonJson(body)));
  }

  // --- drafts and files (peacebook/model/settlement.py's Draft, peacebook/files/submission.py's format) --------------------

  function now() {
    return new Date().toISOString().slice(0, 19) + "+00:00"; // settlement.now(): UTC, to the second
  }

  function suggestedId() {
    const random = new Uint32Array(1);
    crypto.getRandomValues(random);
    return "negotiator-" + (100000 + (random[0] % 900000));
  }

  function blankDraft(student, title) {
    const stamp = now();
    return {
      student: student || "",
      title: title || "",
      started_from: null,
      role: null,
      table: "",
      fallback: "",
      edited_after_export: false,
      created: stamp,
      modified: stamp,
      choices: {},
      acknowledged: {},
      ratings: {},
      unrecognised: {},
    };
  }

  function draftFromText(data, code, student, title) {
    const text = data.texts.find((t) => t.code === code);
    if (!text) throw new SettlementError("No coded provisions for text " + code + ".");
    const draft = blankDraft(student, title);
    for (const [issue, option] of Object.entries(text.options)) draft.choices[issue] = newChoice({ option_id: option });
    draft.started_from = code;
    return draft;
  }

  function newChoice(fields) {
    return Object.assign({ option_id: null, custom_text: "", justification: "", acceptable: [], weight: null }, fields || {});
  }

  // What the workshop keeps of a choice (WorkshopApp._read_widgets): anything said, justified, marked or weighted.
  function keptChoice(choice) {
    return (
      choiceKind(choice) !== "silent" ||
      Boolean(choice.justification) ||
      (choice.acceptable || []).length > 0 ||
      (choice.weight !== null && choice.weight !== undefined)
    );
  }

  function sortedEntries(object) {
    return Object.entries(object || {}).sort((a, b) => compareCodePoints(a[0], b[0]));
  }

  // submission.draft_to_dict
  function exportPayload(data, draft, exported) {
    const choices = {};
    for (const [issue, c] of sortedEntries(draft.choices)) {
      if (!keptChoice(c)) continue;
      choices[issue] = {
        kind: choiceKind(c),
        option_id: c.option_id || null,
        custom_text: c.custom_text || "",
        justification: c.justification || "",
        acceptable: (c.acceptable || []).slice(),
        weight: c.weight === undefined ? null : c.weight,
      };
    }
    const acknowledged = {};
    for (const [rule, reason] of sortedEntries(draft.acknowledged)) acknowledged[rule] = reason;
    const ratings = {};
    for (const [mechanism, r] of sortedEntries(draft.ratings)) {
      if ((r.score === null || r.score === undefined) && !r.reason) continue;
      ratings[mechanism] = { score: r.score === undefined ? null : r.score, reason: r.reason || "" };
    }
    const payload = {
      format: data.format,
      version: data.version,
      book_data_as_of: data.book_data_as_of,
      student: draft.student,
      title: draft.title,
      started_from: draft.started_from || null,
      role: draft.role || null,
      table: draft.table,
      fallback: draft.fallback,
      edited_after_export: Boolean(draft.edited_after_export),
      created: draft.created,
      modified: draft.modified,
      exported: exported || now(),
      choices: choices,
      acknowledged: acknowledged,
      ratings: ratings,
      unrecognised: draft.unrecognised || {},
    };
    payload.checksum = checksum(payload);
    return payload;
  }

  function exportText(data, draft, exported) {
    return JSON.stringify(exportPayload(data, draft, exported), null, 2);
  }

  function fileName(draft, date) {
    const slug = (draft.student || "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "draft";
    const d = date || new Date();
    const two = (n) => String(n).padStart(2, "0");
    const stamp = d.getFullYear() + two(d.getMonth() + 1) + two(d.getDate()) + "-" + two(d.getHours()) + two(d.getMinutes()) + two(d.getSeconds());
    return "settlement-" + slug + "-" + stamp + ".json";
  }

  function SettlementError(message) {
    this.message = message;
  }
  SettlementError.prototype = Object.create(Error.prototype);
  SettlementError.prototype.name = "SettlementError";

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const isWhole = (v) => typeof v === "number" && Number.isInteger(v);
  const typeName = (v) =>
    v === null ? "null" : Array.isArray(v) ? "list" : typeof v === "number" ? (Number.isInteger(v) ? "int" : "float") : typeof v === "boolean" ? "bool" : typeof v === "object" ? "dict" : typeof v;
  const short = (v, n) => String(v).slice(0, n);

  function describeWrongKind(data, payload) {
    if (isObject(payload) && "nbformat" in payload && "cells" in payload)
      return "This is a Jupyter notebook, not a settlement file. Export your settlement from the workshop first.";
    if (isObject(payload) && "resources" in payload) return "This looks like a data package (datapackage.json), not a settlement file.";
    if (!isObject(payload)) return "This file holds a JSON list or value, not a settlement.";
    return 'This JSON file is not a settlement exported by the workshop (it has no "format": "' + data.format + '" field).';
  }

  function decodeFile(bytes) {
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    const encoding = utf16 ? (bytes[0] === 0xff ? "utf-16le" : "utf-16be") : "utf-8";
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes); // drops a byte-order mark
    } catch (err) {
      throw new SettlementError("The file is not text (UTF-8). Is it the .json file the workshop exported?");
    }
  }

  const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

  function withoutLoneSurrogates(value, found) {
    if (typeof value === "string") {
      const clean = value.replace(LONE_SURROGATE, "\ufffd");
      if (clean !== value) found.any = true;
      return clean;
    }
    if (Array.isArray(value)) return value.map((v) => withoutLoneSurrogates(v, found));
    if (isObject(value)) {
      const out = {};
      for (const [k, v] of Object.entries(value)) put(out, withoutLoneSurrogates(k, found), withoutLoneSurrogates(v, found));
      return out;
    }
    return value;
  }

  // submission_fields.one_line
  function oneLine(text) {
    const spaced = Array.from(text, (c) => (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(c) && c !== "\u200c" && c !== "\u200d" ? " " : c));
    const words = [];
    let word = "";
    for (const c of spaced) {
      if (PY_SPACE.has(c)) {
        if (word) words.push(word);
        word = "";
      } else word += c;
    }
    if (word) words.push(word);
    return words.join(" ");
  }

  // submission._migrate_v1
  function migrateV1(payload) {
    const raw = payload.choices === undefined ? {} : payload.choices;
    const justifications = payload.justifications === undefined ? {} : payload.justifications;
    if (!isObject(raw) || !isObject(justifications))
      throw new SettlementError("this version-1 file's 'choices' or 'justifications' is not a list of issues");
    const choices = {};
    const issues = Array.from(new Set([...Object.keys(raw), ...Object.keys(justifications)])).sort(compareCodePoints);
    for (const issue of issues) {
      const value = raw[issue];
      const custom = typeof value === "string" && value.startsWith("custom:");
      put(choices, issue, {
        option_id: custom || !value ? null : value,
        custom_text: custom ? pyStrip(value.slice("custom:".length)) : "",
        justification: justifications[issue] === undefined ? "" : justifications[issue],
      });
    }
    return { student: payload.student === undefined ? "" : payload.student, title: payload.title === undefined ? "" : payload.title, started_from: null, choices: choices, acknowledged: {}, ratings: {}, unrecognised: {} };
  }

  // submission.parse_submission and submission_fields.to_draft: a file's bytes as a draft and its warnings, or a
  // SettlementError that says why it cannot be used. The current draft is never touched.
  function parseSettlement(data, bytes) {
    if (typeof bytes === "string") bytes = utf8Bytes(bytes);
    if (bytes.length === 0) throw new SettlementError("The file is empty.");
    if (bytes.length > data.max_bytes)
      throw new SettlementError(
        "The file is " + (bytes.length / 1e6).toFixed(1) + " MB; a settlement file is at most " + Math.round(data.max_bytes / 1e6) + " MB. Is it the right file?"
      );
    const text = decodeFile(bytes);
    let payload;
    try {
      payload = JSON.parse(text);
    } catch (err) {
      throw new SettlementError("The file is not valid JSON (" + err.message + "). It may have been cut off while downloading, or changed by hand.");
    }
    if (!isObject(payload) || payload.format !== data.format) throw new SettlementError(describeWrongKind(data, payload));
    const version = payload.version;
    if (!isWhole(version) || version < 1)
      throw new SettlementError("The file's version (" + short(JSON.stringify(version), 40) + ") is not one the workshop ever wrote.");
    if (version > data.version)
      throw new SettlementError(
        "The file was written by a newer version of the book (settlement format " + version + "; this one reads up to " + data.version + "). Update the book, then import it again."
      );
    let edited = payload.edited_after_export === true;
    let migratedFrom = null;
    if (version === 1) {
      edited = edited || "checksum" in payload;
      payload = migrateV1(payload);
      migratedFrom = 1;
    } else {
      edited = edited || payload.checksum !== checksum(payload);
    }
    const found = { any: false };
    payload = withoutLoneSurrogates(payload, found);
    const result = toDraft(data, payload);
    result.draft.edited_after_export = edited;
    const notes = [];
    if (migratedFrom)
      notes.push("This file was written in the older format 1; it was converted. Ratings and acknowledged flags did not exist then and start empty.");
    if (edited)
      notes.push(
        "This file was " + data.edited_mark + ": it was changed after the workshop exported it, by hand or by accident. Everything in it was read. The mark stays with the draft, on its next export, for your instructor to see."
      );
    if (found.any) notes.push("Some characters in the file were not valid text; each was replaced with \ufffd.");
    result.warnings = notes.concat(result.warnings);
    return result;
  }

  function toDraft(data, payload) {
    const warnings = [];
    let unrecognised = payload.unrecognised || {};
    if (!isObject(unrecognised)) throw new SettlementError("The file's 'unrecognised' section is malformed.");
    unrecognised = JSON.parse(JSON.stringify(unrecognised));
    const keepAside = (section, key, value, message) => {
      if (key === null) put(unrecognised, section, value);
      else {
        if (!isObject(unrecognised[section]) || !Object.prototype.hasOwnProperty.call(unrecognised, section)) put(unrecognised, section, {});
        put(unrecognised[section], key, value);
      }
      warnings.push(message);
    };
    const text = (value, where) => {
      if (value === null || value === undefined) return "";
      if (typeof value !== "string") throw new SettlementError(where + " should be text, but the file has " + typeName(value));
      if (value.length > data.max_text)
        throw new SettlementError(where + " is " + value.length.toLocaleString("en") + " characters long; at most " + data.max_text.toLocaleString("en") + " are allowed");
      return value;
    };
    const draft = blankDraft();
    draft.student = text(payload.student, "The student name");
    draft.title = text(payload.title, "The title");
    draft.table = oneLine(text(payload.table, "The table"));
    draft.fallback = text(payload.fallback, "The fallback");
    draft.created = text(payload.created, "'created'") || now();
    draft.modified = text(payload.modified, "'modified'") || now();
    const textCodes = new Set(data.texts.map((t) => t.code));
    draft.started_from = typeof payload.started_from === "string" && textCodes.has(payload.started_from) ? payload.started_from : null;
    const role = payload.role === undefined ? null : payload.role;
    if (data.roles.includes(role)) draft.role = role;
    else if (role !== null)
      keepAside("role", null, role, "The role-play role '" + short(role, 60) + "' is not one this book knows (" + data.roles.join(", ") + "); choose your role again. Everything else in the file was read.");

    const optionIssue = {};
    for (const o of data.options) optionIssue[o.id] = o.issue;
    const issueTitle = {};
    for (const i of data.issues) issueTitle[i.id] = i.title;
    const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
    const priorities = new Set(data.priority_scale.map((p) => p[0]));
    const scores = new Set(data.mechanism_scale.map((p) => p[0]));

    const choices = payload.choices || {};
    if (!isObject(choices)) throw new SettlementError("The file's 'choices' section is malformed.");
    for (const [issueId, entry] of Object.entries(choices)) {
      if (!isObject(entry)) throw new SettlementError("The choice for issue '" + issueId + "' is malformed.");
      let choice = newChoice({
        option_id: entry.option_id || null,
        custom_text: text(entry.custom_text, "The custom option for " + issueId),
        justification: text(entry.justification, "The justification for " + issueId),
      });
      if (choice.option_id !== null && typeof choice.option_id !== "string") throw new SettlementError("The option for issue '" + issueId + "' is malformed.");
      const acceptable = entry.acceptable || [];
      if (!Array.isArray(acceptable) || !acceptable.every((o) => typeof o === "string"))
        throw new SettlementError("The acceptable options for issue '" + issueId + "' are malformed.");
      const weight = entry.weight === undefined ? null : entry.weight;
      if (weight !== null && (!isWhole(weight) || !priorities.has(weight)))
        throw new SettlementError(
          "The priority of issue '" + issueId + "' is " + short(JSON.stringify(weight), 20) + "; priorities are whole numbers from 0 to " + Math.max(...priorities) + "."
        );
      choice.weight = weight;
      if (!has(issueTitle, issueId)) {
        keepAside("choices", issueId, entry, "Issue '" + issueId + "' is not in this version of the book; your entry for it is kept aside and will be exported again, but it is not shown.");
        continue;
      }
      const known = Array.from(new Set(acceptable)).filter((o) => optionIssue[o] === issueId);
      if (known.length < new Set(acceptable).size)
        keepAside(
          "acceptable",
          issueId,
          acceptable.filter((o) => !known.includes(o)),
          "Some options you marked acceptable for " + issueId + " are not options of that issue in this version of the book; they are kept aside and will be exported again."
        );
      choice.acceptable = known;
      if (choice.option_id && optionIssue[choice.option_id] !== issueId) {
        keepAside(
          "choices",
          issueId,
          entry,
          "Option '" + choice.option_id + "' for " + issueId + " (" + issueTitle[issueId] + ") is not in this version of the book. The issue is left open for you to choose again; your justification is kept."
        );
        choice = newChoice({ custom_text: choice.custom_text, justification: choice.justification, acceptable: choice.acceptable, weight: choice.weight });
      }
      draft.choices[issueId] = choice;
    }

    const acknowledged = payload.acknowledged || {};
    if (!isObject(acknowledged)) throw new SettlementError("The file's 'acknowledged' section is malformed.");
    const ruleIds = new Set(data.rules.map((r) => r.id));
    for (const [ruleId, value] of Object.entries(acknowledged)) {
      const reason = text(value, "Your reason for keeping flag " + ruleId);
      if (ruleIds.has(ruleId)) draft.acknowledged[ruleId] = reason;
      else keepAside("acknowledged", ruleId, reason, "Flag '" + ruleId + "' is not in this version of the book; your reason is kept aside.");
    }

    const ratings = payload.ratings || {};
    if (!isObject(ratings)) throw new SettlementError("The file's 'ratings' section is malformed.");
    const mechanismIds = new Set(data.mechanisms.map((m) => m.id));
    for (const [mechanismId, entry] of Object.entries(ratings)) {
      if (!isObject(entry)) throw new SettlementError("The rating of '" + mechanismId + "' is malformed.");
      const score = entry.score === undefined ? null : entry.score;
      if (score !== null && (!isWhole(score) || !scores.has(score)))
        throw new SettlementError("The rating of '" + mechanismId + "' is " + short(JSON.stringify(score), 20) + "; ratings are whole numbers from 0 to 3.");
      const rating = { score: score, reason: text(entry.reason, "Your reason for rating " + mechanismId) };
      if (mechanismIds.has(mechanismId)) draft.ratings[mechanismId] = rating;
      else keepAside("ratings", mechanismId, entry, "Mechanism '" + mechanismId + "' is not in this version of the book; your rating is kept aside.");
    }
    draft.unrecognised = unrecognised;
    return { draft: draft, warnings: warnings };
  }

  const api = {
    feedback,
    feedbackIds,
    roleProblems,
    choiceKind,
    pythonJson,
    utf8Bytes,
    sha256Hex,
    checksum,
    blankDraft,
    draftFromText,
    exportPayload,
    exportText,
    fileName,
    parseSettlement,
    oneLine,
    SettlementError,
  };
  window.pbWorkshop = api;

  // ------------------------------------------------------------------------------------------------------------
  // The page: the form, the feedback, the files. Every text from a student or a file is set as textContent.
  // ------------------------------------------------------------------------------------------------------------

  const STORAGE_KEY = "peacebook-workshop-draft";
  const BACKUP_KEY = "peacebook-workshop-previous-draft";

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  let uid = 0;
  const newId = (stem) => "pbw-" + stem + "-" + ++uid;

  function labelled(labelText, control, hint) {
    control.id = control.id || newId("field");
    const parts = [el("label", { for: control.id, text: labelText })];
    if (hint) {
      const help = el("span", { className: "pbw-hint", id: newId("hint"), text: hint });
      control.setAttribute("aria-describedby", help.id);
      parts.push(help);
    }
    parts.push(control);
    return el("div", { className: "pbw-field" }, parts);
  }

  function select(options, value) {
    const node = el("select");
    for (const [val, label] of options) node.append(el("option", { value: val, text: label }));
    node.value = value;
    return node;
  }

  function sourceLink(source) {
    if (!source || !source.url) return document.createTextNode(source && source.publisher ? source.publisher : "");
    return el("a", { href: source.url, target: "_blank", rel: "noopener noreferrer", text: source.publisher || source.url });
  }

  function checkMark(data, verdict) {
    const mark = verdict && data.check_marks[verdict];
    return mark ? el("span", { className: "pb-unchecked", title: mark.meaning, text: " (" + mark.label + ")" }) : null;
  }

  function storageWorks() {
    try {
      const probe = "peacebook-probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return true;
    } catch (err) {
      return false;
    }
  }

  class BrowserWorkshop {
    constructor(root, data) {
      this.root = root;
      this.data = data;
      this.optionsOf = {};
      for (const o of data.options) (this.optionsOf[o.issue] = this.optionsOf[o.issue] || []).push(o);
      this.option = {};
      for (const o of data.options) this.option[o.id] = o;
      this.canStore = storageWorks();
      this.flagBoxes = {};
      this.draft = this.restore() || blankDraft(suggestedId(), "");
      this.build();
      this.show(this.draft);
    }

    // --- storage
    restore() {
      if (!this.canStore) return null;
      const saved = window.localStorage.getItem(STORAGE_KEY);
      if (!saved) return null;
      try {
        const parsed = JSON.parse(saved);
        const result = toDraft(this.data, parsed);
        result.draft.edited_after_export = parsed.edited_after_export === true;
        this.restoredNote =
          "Your draft from your last visit was opened (last changed " + result.draft.modified.replace("T", " ").slice(0, 16) + " UTC)." + (result.warnings.length ? " " + result.warnings.join(" ") : "");
        return result.draft;
      } catch (err) {
        this.restoredNote = "A draft kept in this browser could not be read (" + err.message + "); it is left as it is under the name " + STORAGE_KEY + "-unreadable, and a new draft was started.";
        try {
          window.localStorage.setItem(STORAGE_KEY + "-unreadable", saved);
        } catch (ignored) {
          /* the note above still says what happened */
        }
        return null;
      }
    }

    save() {
      if (!this.canStore) return;
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(this.draft));
        this.storageStatus.textContent = "Saved in this browser at " + new Date().toLocaleTimeString() + ".";
      } catch (err) {
        this.storageStatus.textContent = "Could not save in this browser (" + err.name + "): export your settlement to keep it.";
      }
    }

    changed() {
      this.draft.modified = now();
      this.refresh();
      this.save();
    }

    // --- building the form, once
    build() {
      const d = this.data;
      this.root.textContent = "";
      this.root.classList.add("pbw");

      const where = this.canStore
        ? "Your draft is kept in this browser's local storage (localStorage), on this device and for this site only, every time you change something. It is not sent anywhere. Clearing the browser's site data, or a private window, loses it: export your settlement to keep a file."
        : "This browser does not let the page keep your draft (local storage is blocked or full, as in some private windows): export your settlement to a file before you leave the page.";
      this.storageStatus = el("p", { className: "pbw-hint" }); // not a live region: it changes with every keystroke
      this.restored = el("p", { role: "status", text: this.restoredNote || "" });
      this.editedMark = el("p", { className: "pbw-edited" });

      // 1. who and where to start
      this.student = el("input", { type: "text", autocomplete: "off" });
      this.title = el("input", { type: "text", autocomplete: "off" });
      this.startFrom = select([["", "A blank draft"]].concat(d.startable.map((t) => [t.code, t.label])), "");
      this.startButton = el("button", { type: "button", className: "pbw-button", text: "Start this draft" });
      this.startStatus = el("p", { role: "status" });
      this.role = select(
        [["", "no one: this is my own settlement"]].concat(d.parties.map((p) => [p, p])).concat([[d.mediator, "the mediator (I chair the table and propose one text)"]]),
        ""
      );
      this.table = el("input", { type: "text", autocomplete: "off", placeholder: "e.g. A" });
      this.fallback = el("textarea", { rows: "3", placeholder: "Your party's best alternative if there is no agreement, and why (its BATNA)" });
      this.tableField = labelled("Role-play table", this.table);
      this.fallbackField = labelled("Fallback (your party's best alternative to an agreement)", this.fallback);
      this.roleStatus = el("div", { className: "pbw-role-status" });

      const who = el("section", { className: "pbw-section", "aria-labelledby": "pbw-who" }, [
        el("h3", { id: "pbw-who", text: "1. Who you are and where to start" }),
        el("p", { className: "pbw-where", text: where }),
        this.restored,
        this.editedMark,
        labelled("Your id (pseudonymous)", this.student, "Use the id your instructor gave you, or keep this one and tell them it; avoid your real name."),
        labelled("Title of your settlement", this.title),
        el("div", { className: "pbw-row" }, [labelled("Start from", this.startFrom), this.startButton]),
        this.startStatus,
        labelled("Role-play: I negotiate for", this.role),
        this.tableField,
        this.fallbackField,
      ]);

      // 2. the issues, by group
      this.panels = {};
      this.groupSummaries = [];
      const groups = d.groups.map((group) => {
        const issues = d.issues.filter((i) => i.group === group.code);
        const summary = el("summary");
        this.groupSummaries.push({ summary, label: group.label, issues });
        const details = el("details", { className: "pbw-group" }, [summary]);
        for (const issue of issues) details.append(this.issuePanel(issue));
        return details;
      });
      const issues = el("section", { className: "pbw-section", "aria-labelledby": "pbw-issues" }, [
        el("h3", { id: "pbw-issues", text: "2. Your settlement, issue by issue" }),
        el("p", { text: "Open a group to choose, for each issue, an option, an option of your own, or silence, and say why." }),
      ]
        .concat(groups)
        .concat([this.roleStatus]));

      // 3. feedback
      this.summary = el("p", { className: "pbw-summary", role: "status", "aria-live": "polite" });
      this.redLines = el("div");
      this.flags = el("div");
      this.questions = el("div");
      this.closest = el("div");
      this.ratings = {};
      const checklist = el("div", { className: "pbw-checklist" });
      for (const m of d.mechanisms) {
        const score = select([["", "not rated"]].concat(d.mechanism_scale.map(([v, label]) => [String(v), v + " " + label])), "");
        const reason = el("input", { type: "text", placeholder: "why this rating?" });
        score.addEventListener("change", () => this.onRating(m.id));
        reason.addEventListener("input", () => this.onRating(m.id));
        this.ratings[m.id] = { score, reason };
        const levels = el("ul", { className: "pbw-levels" }, m.levels.map((l) => el("li", { text: l.level + " " + l.label + ": " + l.criterion })));
        checklist.append(
          el("fieldset", { className: "pbw-mechanism", "data-mechanism": m.id }, [
            el("legend", { text: m.id + " " + m.name }),
            el("p", { text: m.question + " " }, [el("span", { className: "pbw-hint", text: "Evidence: " + m.evidence_strength + "." })]),
            el("details", {}, [el("summary", { text: "What each rating means" }), levels]),
            el("div", { className: "pbw-row" }, [labelled("Rating", score), labelled("Reason", reason)]),
          ])
        );
      }
      const feedbackSection = el("section", { className: "pbw-section", "aria-labelledby": "pbw-record" }, [
        el("h3", { id: "pbw-record", text: "3. What the record says about it" }),
        this.summary,
        this.part("redLinesPart", true, [
          el("p", {
            text: "How many options in your draft each party has rejected on the record (its latest recorded stance). This counts statements; it does not predict what a party would accept.",
          }),
          this.redLines,
        ]),
        this.part("flagsPart", true, [
          el("p", { text: "Flags explain a tension in the draft. You may keep a flagged choice: say why in the box." }),
          this.flags,
          this.questions,
        ]),
        this.part("checklistPart", false, [
          el("p", {
            text: "Rate how well your draft provides each mechanism: 0 absent, 1 mentioned, 2 specified, 3 specified and resourced. The ratings are your judgement, with your reasons.",
          }),
          checklist,
        ]),
        this.part("closestPart", false, [this.closest]),
      ]);

      // 4. files
      this.exportButton = el("button", { type: "button", className: "pbw-button", text: "Export my settlement (.json)" });
      this.importInput = el("input", { type: "file", accept: ".json,application/json" });
      this.newButton = el("button", { type: "button", className: "pbw-button pbw-secondary", text: "Start a new blank draft" });
      this.restoreButton = el("button", { type: "button", className: "pbw-button pbw-secondary", text: "Bring back my previous draft", hidden: true });
      this.fileStatus = el("div", { className: "pbw-file-status", role: "status" });
      const files = el("section", { className: "pbw-section", "aria-labelledby": "pbw-files" }, [
        el("h3", { id: "pbw-files", text: "4. Hand it in" }),
        el("p", {
          text: "Export writes the settlement file your instructor collects, the same file the live workshop writes, with its checksum. Import reopens such a file (from this page or from the live workshop) to carry on; a damaged or wrong file is refused with the reason, and your draft stays as it was. Importing or starting again keeps your current draft in this browser, so you can bring it back.",
        }),
        el("div", { className: "pbw-row" }, [this.exportButton, labelled("Import a settlement file", this.importInput)]),
        el("div", { className: "pbw-row" }, [this.newButton, this.restoreButton]),
        this.fileStatus,
        this.storageStatus,
      ]);

      this.root.append(who, issues, feedbackSection, files);

      // events
      this.student.addEventListener("input", () => ((this.draft.student = this.student.value), this.changed()));
      this.title.addEventListener("input", () => ((this.draft.title = this.title.value), this.changed()));
      this.role.addEventListener("change", () => ((this.draft.role = this.role.value || null), this.changed()));
      this.table.addEventListener("input", () => ((this.draft.table = this.table.value), this.changed()));
      this.fallback.addEventListener("input", () => ((this.draft.fallback = this.fallback.value), this.changed()));
      this.startButton.addEventListener("click", () => this.startFromText());
      this.newButton.addEventListener("click", () => this.replace(blankDraft(this.draft.student, this.draft.title), "Started a new blank draft."));
      this.restoreButton.addEventListener("click", () => this.restorePrevious());
      this.exportButton.addEventListener("click", () => this.exportFile());
      this.importInput.addEventListener("change", () => this.importFile());
      this.restoreButton.hidden = !this.previous();
    }

    // A part of the feedback that folds away, its summary line saying what it holds (set by refresh).
    part(name, open, children) {
      const summary = el("summary", { className: "pbw-part-summary" });
      this[name] = summary;
      return el("details", { className: "pbw-part", open: open }, [summary].concat(children));
    }

    issuePanel(issue) {
      const options = this.optionsOf[issue.id] || [];
      const choice = select(
        [["", "— silent: the settlement says nothing —"]]
          .concat(options.map((o) => [o.id, o.order + ". " + o.label]))
          .concat([["__custom__", "✎ A custom option in my own words…"]]),
        ""
      );
      const description = el("p", { className: "pbw-hint" });
      const custom = el("textarea", { rows: "2", placeholder: "Describe your own option (it is marked as custom)" });
      const customField = labelled("Your own option", custom);
      const justification = el("textarea", { rows: "3", placeholder: "Why this choice? Cite the texts, the positions or the research." });
      const acceptable = el("fieldset", { className: "pbw-acceptable" }, [
        el("legend", { text: "Role-play: options your party could accept (your choice above is its opening position)" }),
      ]);
      const boxes = {};
      for (const o of options) {
        const box = el("input", { type: "checkbox", value: o.id, id: newId("accept") });
        boxes[o.id] = box;
        acceptable.append(el("div", { className: "pbw-check" }, [box, el("label", { for: box.id, text: o.order + ". " + o.label })]));
        box.addEventListener("change", () => this.onIssue(issue.id));
      }
      const priority = select([["", "not stated"]].concat(this.data.priority_scale.map(([v, label]) => [String(v), v + " " + label])), "");
      const priorityField = labelled("Role-play: priority of this issue for your party", priority);
      const stances = el("div", { className: "pbw-stances" });
      const headingId = newId("issue");
      const panel = el("fieldset", { className: "pbw-issue", "aria-labelledby": headingId, "data-issue": issue.id }, [
        el("legend", { id: headingId, text: issue.id + " " + issue.title }),
        el("p", {}, [el("em", { text: issue.question }), document.createTextNode(" "), el("span", { className: "pbw-hint", text: "Options run " + issue.spectrum.charAt(0).toLowerCase() + issue.spectrum.slice(1) })]),
        labelled("Choice for " + issue.id, choice),
        description,
        customField,
        acceptable,
        priorityField,
        labelled("Why (justification for " + issue.id + ")", justification),
        stances,
      ]);
      choice.addEventListener("change", () => this.onIssue(issue.id));
      custom.addEventListener("input", () => this.onIssue(issue.id));
      justification.addEventListener("input", () => this.onIssue(issue.id));
      priority.addEventListener("change", () => this.onIssue(issue.id));
      this.panels[issue.id] = { choice, description, custom, customField, justification, acceptable, boxes, priority, priorityField, stances };
      return panel;
    }

    // --- draft -> form
    show(draft) {
      this.draft = draft;
      this.student.value = draft.student;
      this.title.value = draft.title;
      this.role.value = draft.role || "";
      this.table.value = draft.table;
      this.fallback.value = draft.fallback;
      for (const [issueId, p] of Object.entries(this.panels)) {
        const c = choiceOf(draft, issueId) || newChoice();
        const kind = choiceKind(c);
        p.choice.value = kind === "option" ? c.option_id : kind === "custom" ? "__custom__" : "";
        p.custom.value = c.custom_text || "";
        p.justification.value = c.justification || "";
        for (const [id, box] of Object.entries(p.boxes)) box.checked = (c.acceptable || []).includes(id);
        p.priority.value = c.weight === null || c.weight === undefined ? "" : String(c.weight);
        this.showIssue(issueId);
      }
      for (const [id, r] of Object.entries(this.ratings)) {
        const rating = draft.ratings[id] || { score: null, reason: "" };
        r.score.value = rating.score === null ? "" : String(rating.score);
        r.reason.value = rating.reason || "";
      }
      for (const [ruleId, box] of Object.entries(this.flagBoxes)) box.reason.value = draft.acknowledged[ruleId] || "";
      this.refresh();
    }

    // --- form -> draft
    onIssue(issueId) {
      const p = this.panels[issueId];
      const custom = p.choice.value === "__custom__";
      const choice = newChoice({
        option_id: custom || !p.choice.value ? null : p.choice.value,
        custom_text: custom ? p.custom.value : "",
        justification: p.justification.value,
        acceptable: Object.keys(p.boxes).filter((id) => p.boxes[id].checked),
        weight: p.priority.value === "" ? null : Number(p.priority.value),
      });
      if (keptChoice(choice)) this.draft.choices[issueId] = choice;
      else delete this.draft.choices[issueId];
      this.showIssue(issueId);
      this.changed();
    }

    onRating(mechanismId) {
      const r = this.ratings[mechanismId];
      const score = r.score.value === "" ? null : Number(r.score.value);
      if (score === null && !r.reason.value) delete this.draft.ratings[mechanismId];
      else this.draft.ratings[mechanismId] = { score: score, reason: r.reason.value };
      this.changed();
    }

    onFlagReason(ruleId) {
      const value = this.flagBoxes[ruleId].reason.value;
      if (pyStrip(value)) this.draft.acknowledged[ruleId] = value;
      else delete this.draft.acknowledged[ruleId];
      this.changed();
    }

    // --- feedback
    showIssue(issueId) {
      const p = this.panels[issueId];
      const c = choiceOf(this.draft, issueId);
      const optionId = c && c.option_id;
      p.customField.hidden = p.choice.value !== "__custom__";
      p.description.textContent = optionId && this.option[optionId] ? this.option[optionId].description : "";
      p.stances.textContent = "";
      if (optionId) {
        const records = this.data.stances[optionId] || [];
        if (!records.length) p.stances.append(el("p", { className: "pbw-hint", text: "No party's position on this option is on the record in the book's data." }));
        else
          p.stances.append(
            el(
              "ul",
              { className: "pb-stances", "aria-label": "The parties' recorded stances on this option, latest first" },
              records.map((s) =>
                el("li", {}, [
                  el("strong", { text: s.party }),
                  document.createTextNode(": " + s.stance + " — " + s.summary + " "),
                  el("span", { className: "pbw-hint" }, [document.createTextNode("(" + s.speaker + ", " + s.date + "; " + s.evidence + "; "), sourceLink(s.source), document.createTextNode(")"), checkMark(this.data, s.check)]),
                ])
              )
            )
          );
      }
    }

    refresh() {
      const d = this.data;
      const draft = this.draft;
      const result = feedback(d, draft);
      this.editedMark.textContent = draft.edited_after_export
        ? "Marked: " + d.edited_mark + ". This draft came from a file changed after the workshop exported it; the mark stays on its exports."
        : "";
      const role = draft.role;
      const isParty = d.parties.includes(role);
      this.tableField.hidden = !role;
      this.fallbackField.hidden = !isParty;
      for (const p of Object.values(this.panels)) p.acceptable.hidden = p.priorityField.hidden = !isParty;
      this.showRoleStatus();

      // red lines: a list, party by party (a table does not fit a phone's width)
      this.redLines.replaceChildren(
        el(
          "ul",
          { className: "pbw-red-lines" },
          d.parties.map((party) => {
            const records = result.red_lines[party];
            const item = el("li", { "data-party": party }, [
              el("strong", { text: party + ": " }),
              el("span", { className: "pbw-count", text: String(records.length) }),
              document.createTextNode(records.length === 1 ? " red line crossed" : " red lines crossed"),
            ]);
            if (records.length)
              item.append(
                el(
                  "ul",
                  {},
                  records.map((s) =>
                    el("li", {}, [
                      document.createTextNode(this.option[s.option_id].label + " (" + s.option_id + "): " + s.speaker + ", " + s.date + ", "),
                      sourceLink(s.source),
                      checkMark(this.data, s.check),
                    ])
                  )
                )
              );
            return item;
          })
        )
      );

      // flags: one box per rule, made the first time it trips and kept, so a reason being typed keeps its focus
      const shown = result.tripped.map((rule) => this.flagBox(rule));
      this.flags.replaceChildren(...(shown.length ? shown : [el("p", { text: "No flags: the draft trips none of the book's consistency rules." })]));
      this.questions.replaceChildren(
        el("p", {}, [el("strong", { text: "Questions to ask of every draft (Minsk failure modes)" })]),
        el("ul", {}, result.questions.map((q) => el("li", {}, [el("strong", { text: q.id + " " + q.title + "." }), document.createTextNode(" " + q.reasoning)])))
      );

      // closest texts: a table with a bar for each text's share of matching issues
      const top = result.closest[0];
      const closest = el("table", { className: "pb-table pbw-table pbw-closest" }, [
        el("caption", { text: "Texts by how many of the issues they cover take the same option as your draft" }),
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Text" }), el("th", { scope: "col", text: "Same option" }), el("th", { scope: "col", text: "Share" })])]),
        el(
          "tbody",
          {},
          result.closest.map((t) =>
            el("tr", {}, [
              el("th", { scope: "row", text: t.short_title || t.text_code }),
              el("td", { text: t.matches + " of " + t.comparable }),
              el("td", {}, [el("span", { className: "pbw-bar", "aria-hidden": "true" }, [el("span", { style: "width:" + Math.round(t.share * 100) + "%" })]), document.createTextNode(" " + Math.round(t.share * 100) + "%")]),
            ])
          )
        ),
      ]);
      this.closest.replaceChildren(
        el("p", {}, top && top.matches ? [document.createTextNode("Closest text: "), el("strong", { text: top.short_title }), document.createTextNode(", with the same option on " + top.matches + " of the " + top.comparable + " issues it covers.")] : [document.createTextNode("Your draft shares no option with any text yet.")]),
        el("div", { className: "pbw-scroll" }, [closest])
      );

      const crossed = d.parties.map((p) => p + " " + result.red_lines[p].length).join(", ");
      const decided = (issues) => issues.filter((i) => choiceKind(choiceOf(draft, i.id)) !== "silent").length;
      for (const g of this.groupSummaries) g.summary.textContent = g.label + " (" + decided(g.issues) + " of " + g.issues.length + " issues decided)";
      const kept = result.tripped.filter((r) => pyStrip(draft.acknowledged[r.id] || "")).length;
      const rated = d.mechanisms.filter((m) => draft.ratings[m.id] && draft.ratings[m.id].score !== null).length;
      this.redLinesPart.textContent = "Parties' red lines: " + crossed;
      this.flagsPart.textContent = "Flags: " + result.tripped.length + (result.tripped.length ? " (your reason given for " + kept + ")" : "");
      this.checklistPart.textContent = "Durability checklist: " + rated + " of " + d.mechanisms.length + " mechanisms rated";
      this.closestPart.textContent = "Closest texts" + (top && top.matches ? ": " + top.short_title + ", " + top.matches + " of " + top.comparable : "");
      const summary =
        "Your draft takes a position on " + decided(d.issues) + " of " + d.issues.length + " issues. Red lines on record crossed: " + crossed + ". Flags: " + result.tripped.length + "." + (top && top.matches ? " Closest text: " + top.short_title + "." : "");
      if (this.summary.textContent !== summary) this.summary.textContent = summary; // announced only when it changes
    }

    flagBox(rule) {
      let box = this.flagBoxes[rule.id];
      if (!box) {
        const reason = el("textarea", { rows: "2", placeholder: "I keep this choice because…" });
        const basis = rule.basis.length ? " Rests on: " + rule.basis.join(", ") + "." : "";
        const node = el("div", { className: "pbw-flag" }, [
          el("p", {}, [
            el("strong", { text: "⚑ " + rule.id + " " + rule.title }),
            document.createTextNode(" (" + rule.kind_label + "). " + rule.reasoning + " "),
            el("span", { className: "pbw-hint", text: basis }),
            rule.source.url ? document.createTextNode(" Source: ") : null,
            rule.source.url ? sourceLink(rule.source) : null,
            checkMark(this.data, rule.check),
          ]),
          labelled("Why I keep it (flag " + rule.id + ")", reason),
        ]);
        reason.value = this.draft.acknowledged[rule.id] || "";
        reason.addEventListener("input", () => this.onFlagReason(rule.id));
        box = this.flagBoxes[rule.id] = { node, reason };
      }
      return box.node;
    }

    showRoleStatus() {
      const d = this.data;
      const role = this.draft.role;
      this.roleStatus.textContent = "";
      if (!role) return;
      if (role === d.mediator) {
        this.roleStatus.append(
          el("p", {}, [
            el("strong", { text: "Role-play: you chair the table." }),
            document.createTextNode(
              " Your settlement, issue by issue, is the single negotiating text you put to the parties; revise it between rounds. You mark no range and no priority: the parties do. Put your table's name above so the dashboard shows your table on its own."
            ),
          ])
        );
        return;
      }
      const marked = d.issues.filter((i) => ((choiceOf(this.draft, i.id) || {}).acceptable || []).length).length;
      const weighted = d.issues.filter((i) => {
        const c = choiceOf(this.draft, i.id);
        return c && c.weight !== null && c.weight !== undefined;
      }).length;
      this.roleStatus.append(
        el("p", {}, [
          el("strong", { text: "Role-play brief for " + role + ":" }),
          document.createTextNode(
            " acceptable options marked on " + marked + " of " + d.issues.length + " issues, priorities set on " + weighted + ", fallback " + (pyStrip(this.draft.fallback) ? "written" : "not written yet") +
              ". The ranges, priorities and fallback are your assumptions about the party: say why in each justification, citing the record. An issue where you mark nothing counts as not stated. Your priorities share out 100 points across the issues; a 5 is a deal-breaker."
          ),
        ])
      );
      const problems = roleProblems(d, this.draft);
      if (problems.length) this.roleStatus.append(el("ul", {}, problems.map((p) => el("li", { text: p }))));
    }

    // --- files
    previous() {
      if (!this.canStore) return null;
      try {
        return window.localStorage.getItem(BACKUP_KEY);
      } catch (err) {
        return null;
      }
    }

    keepPrevious() {
      if (!this.canStore) return;
      try {
        window.localStorage.setItem(BACKUP_KEY, JSON.stringify(this.draft));
        this.restoreButton.hidden = false;
      } catch (err) {
        /* the draft is replaced only after this; a full storage is reported by save() */
      }
    }

    replace(draft, message) {
      this.keepPrevious();
      this.show(draft);
      this.save();
      this.fileStatus.textContent = "";
      this.startStatus.textContent = message + (this.canStore ? " Your previous draft is kept in this browser: “Bring back my previous draft” reopens it." : "");
    }

    startFromText() {
      const code = this.startFrom.value;
      const label = this.startFrom.options[this.startFrom.selectedIndex].textContent;
      const draft = code ? draftFromText(this.data, code, this.draft.student, this.draft.title) : blankDraft(this.draft.student, this.draft.title);
      this.replace(draft, "Started from " + label + ".");
    }

    restorePrevious() {
      const saved = this.previous();
      if (!saved) return;
      try {
        const parsed = JSON.parse(saved);
        const result = toDraft(this.data, parsed);
        result.draft.edited_after_export = parsed.edited_after_export === true;
        this.replace(result.draft, "Your previous draft is back.");
      } catch (err) {
        this.startStatus.textContent = "The previous draft could not be read (" + err.message + ").";
      }
    }

    exportFile() {
      const text = exportText(this.data, this.draft);
      const name = fileName(this.draft);
      const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      const link = el("a", { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000); // once the browser has surely read it
      this.fileStatus.replaceChildren(
        el("p", {}, [
          document.createTextNode("Exported "),
          el("code", { text: name }),
          document.createTextNode(" at " + new Date().toLocaleTimeString() + ": your browser saved it in its downloads folder. Hand in that file; do not edit it, or it will be marked as edited after export."),
        ])
      );
    }

    importFile() {
      const file = this.importInput.files[0];
      if (!file) return;
      const refuse = (message) => this.fileStatus.replaceChildren(el("p", {}, [el("strong", { text: "Not imported: " }), document.createTextNode(message + " Your draft is as it was.")]));
      if (file.size > this.data.max_bytes) {
        refuse("The file is " + (file.size / 1e6).toFixed(1) + " MB; a settlement file is at most " + Math.round(this.data.max_bytes / 1e6) + " MB. Is it the right file?");
        this.importInput.value = "";
        return;
      }
      file.arrayBuffer().then(
        (buffer) => {
          let result;
          try {
            result = parseSettlement(this.data, new Uint8Array(buffer));
          } catch (err) {
            refuse(err instanceof SettlementError ? err.message : "The file could not be read (" + err.message + ").");
            return;
          } finally {
            this.importInput.value = "";
          }
          this.replace(result.draft, "Imported " + file.name + ".");
          this.fileStatus.replaceChildren(
            el("p", {}, [document.createTextNode("Imported "), el("code", { text: file.name }), document.createTextNode(".")]),
            result.warnings.length ? el("ul", {}, result.warnings.map((w) => el("li", { text: w }))) : null
          );
        },
        (err) => refuse("The file could not be read (" + err.message + ").")
      );
    }
  }

  function start() {
    const root = document.getElementById("pb-browser-workshop");
    if (!root || !window.pbWorkshopData) return;
    api.app = new BrowserWorkshop(root, window.pbWorkshopData);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
