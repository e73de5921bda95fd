// The editing page (quan-tri/): starts Decap CMS with the configuration the build generated
// from the content model (quan-tri/cau-hinh.json, tdkt/editing/cms_config.py), and registers one
// file format per collection that reads and writes data files in the house style:
// keys in the model's order, strings in double quotes (single when they hold a double quote),
// short lists of names on one line, record ids bare, and every top-level key whose value did
// not change written back exactly as it was (comments included) — so that a one-field edit is a
// one-field diff. Decap's own YAML writer drops comments and reorders keys.
/* global CMS, jsyaml */
"use strict";

(() => {
  const ORIGINAL = "__tdkt_original"; // the file as read, kept in the entry to write unchanged parts back
  const WIDTH = 100; // a list of names goes on one line when it fits
  const YAML_WORDS = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;
  const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

  const say = (text) => {
    const box = document.getElementById("tdkt-loading");
    if (box) box.textContent = text;
  };

  function expandChoices(fields, records, references) {
    for (const field of fields || []) {
      if (typeof field.options === "string" && field.options.startsWith("@")) {
        const list = records[field.options.slice(1)] || [];
        field.options = list.map(([value, label]) => ({ label, value }));
        references.add(field);
      }
      expandChoices(field.fields, records, references);
      if (field.field) expandChoices([field.field], records, references);
      for (const type of field.types || []) expandChoices(type.fields, records, references);
    }
  }

  // -- reading -----------------------------------------------------------------------------

  function load(text, firstLine = 1) {
    let value;
    try {
      value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }); // dates stay text, as Decap keeps them
    } catch (error) {
      // Decap shows this instead of the form: the file is not overwritten.
      const where = error.mark ? ` (dòng ${error.mark.line + firstLine}, cột ${error.mark.column + 1})` : "";
      throw new Error(`Tệp này có lỗi cú pháp YAML${where}, trang biên tập không mở được: sửa tệp trên GitHub hoặc chạy “tdkt check” để xem cách sửa. ${error.reason || ""}`);
    }
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  }

  // A section's content is a list of blocks of several kinds; Decap tells them apart by a key
  // it writes into each (typeKey), the data files by which key a block has.
  function markKinds(value, fields, blockKeys) {
    if (!value || typeof value !== "object") return value;
    for (const field of fields) {
      const child = value[field.name];
      if (child == null) continue;
      if (field.widget === "list" && field.types && Array.isArray(child)) {
        for (const item of child) {
          if (!item || typeof item !== "object") continue;
          const key = Object.keys(blockKeys).find((k) => k in item);
          const type = field.types.find((t) => t.name === blockKeys[key]) || field.types[0];
          item[field.typeKey] = type.name;
          markKinds(item, type.fields, blockKeys);
        }
      } else if (field.widget === "list" && field.fields && Array.isArray(child)) {
        child.forEach((item) => markKinds(item, field.fields, blockKeys));
      } else if (field.widget === "object") {
        markKinds(child, field.fields, blockKeys);
      }
    }
    return value;
  }

  function splitFrontMatter(text) {
    const match = /^---\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m.exec(text);
    if (!match || match.index !== 0) return { front: "", body: text };
    return { front: match[1], body: text.slice(match[0].length) };
  }

  // -- writing -----------------------------------------------------------------------------

  function isEmpty(value) {
    if (value == null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.entries(value).every(([k, v]) => k === "type" || isEmpty(v));
    return false;
  }

  function quote(text) {
    if (text.includes('"') && !text.includes("'") && !/[\n\r\\]/.test(text)) return `'${text}'`;
    return JSON.stringify(text); // a JSON string is a YAML double-quoted scalar
  }

  class Writer {
    constructor(fields, references) {
      this.fields = fields;
      this.references = references;
    }

    scalar(field, value) {
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      const text = String(value);
      if (field && field.widget === "datetime" && /^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
      // Record ids and codes chosen from a list are written bare, as by hand: "kind: implements".
      if (field && (this.references.has(field) || field.widget === "select") && ID.test(text) && !YAML_WORDS.test(text)) return text;
      return quote(text);
    }

    mapping(value, fields, indent) {
      const lines = [];
      const known = new Set(fields.map((f) => f.name));
      for (const field of fields) {
        if (!isEmpty(value[field.name])) lines.push(...this.key(field, value[field.name], indent));
      }
      for (const [name, child] of Object.entries(value)) {
        // A key the page has no field for (written by hand, or by a newer model): kept.
        if (!known.has(name) && name !== ORIGINAL && name !== "type" && !isEmpty(child)) {
          lines.push(...this.key({ name, widget: "unknown" }, child, indent));
        }
      }
      return lines;
    }

    key(field, value, indent) {
      const pad = " ".repeat(indent);
      if (Array.isArray(value)) {
        const items = value.filter((item) => !isEmpty(item));
        const itemFields = (item) =>
          field.types ? (field.types.find((t) => t.name === item[field.typeKey]) || field.types[0]).fields : field.fields;
        if (items.some((item) => typeof item === "object")) {
          const lines = [`${pad}${field.name}:`];
          for (const item of items) lines.push(...this.item(item, itemFields(item) || [], indent + 2));
          return lines;
        }
        const inner = field.field || field;
        const scalars = items.map((item) => this.scalar(inner, item));
        const flow = `${pad}${field.name}: [${scalars.join(", ")}]`;
        const oneLine = (field.field && field.field.widget === "string") || (field.widget === "select" && !this.references.has(field));
        if (oneLine && flow.length <= WIDTH) return [flow];
        return [`${pad}${field.name}:`, ...scalars.map((s) => `${pad}  - ${s}`)];
      }
      if (value && typeof value === "object") {
        const fields = field.fields || Object.keys(value).map((name) => ({ name, widget: "unknown" }));
        const entries = fields.filter((f) => !isEmpty(value[f.name]));
        if (entries.length && entries.every((f) => typeof value[f.name] === "number")) {
          return [`${pad}${field.name}: {${entries.map((f) => `${f.name}: ${value[f.name]}`).join(", ")}}`];
        }
        return [`${pad}${field.name}:`, ...this.mapping(value, fields, indent + 2)];
      }
      return [`${pad}${field.name}: ${this.scalar(field, value)}`];
    }

    item(value, fields, indent) {
      const pad = " ".repeat(indent);
      if (typeof value !== "object") return [`${pad}- ${this.scalar(null, value)}`];
      const lines = this.mapping(value, fields, indent + 2);
      if (lines.length) lines[0] = `${pad}- ${lines[0].trimStart()}`;
      return lines;
    }
  }

  // The same value, whatever Decap added (kinds, empty fields) and in whatever key order.
  function canonical(value) {
    if (Array.isArray(value)) return value.filter((v) => !isEmpty(v)).map(canonical);
    if (value && typeof value === "object") {
      const out = {};
      for (const key of Object.keys(value).sort()) {
        if (key !== "type" || typeof value[key] !== "string" || !["section", "paragraph", "bullet", "note"].includes(value[key])) {
          if (key !== ORIGINAL && !isEmpty(value[key])) out[key] = canonical(value[key]);
        }
      }
      return out;
    }
    return value;
  }

  const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

  // Top-level keys of a YAML text: where each one's lines start and end, comments before it included.
  function spans(text) {
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const starts = [];
    lines.forEach((line, index) => {
      const match = /^([A-Za-z_][\w-]*):(?:\s|$)/.exec(line);
      if (match) starts.push({ name: match[1], index });
    });
    const result = { header: [], keys: new Map() };
    if (!starts.length) return result;
    const begin = (position) => {
      let index = starts[position].index;
      // A comment at the margin just above a key belongs to it (an indented one to the key above).
      while (position > 0 && /^#/.test(lines[index - 1]) && index - 1 > starts[position - 1].index) index--;
      return index;
    };
    result.header = lines.slice(0, starts[0].index);
    starts.forEach((start, position) => {
      const from = begin(position);
      const to = position + 1 < starts.length ? begin(position + 1) : lines.length;
      result.keys.set(start.name, lines.slice(from, to));
    });
    return result;
  }

  // The file's own order of keys (an edit does not move lines), a new key after the one before it
  // in the model; a new file: the model's order.
  function keyOrder(existing, fields, data) {
    const order = existing.filter((name) => name in data);
    const model = fields.map((f) => f.name);
    model.forEach((name, index) => {
      if (order.includes(name)) return;
      const previous = model.slice(0, index).reverse().find((n) => order.includes(n));
      order.splice(previous === undefined ? 0 : order.indexOf(previous) + 1, 0, name);
    });
    for (const name of Object.keys(data)) if (!order.includes(name) && name !== ORIGINAL) order.push(name);
    return order;
  }

  function writeYaml(data, fields, writer, originalText, header) {
    const lines = [];
    const before = originalText != null ? spans(originalText) : null;
    const old = originalText != null ? load(originalText) : {};
    lines.push(...(before ? before.header : header));
    for (const name of keyOrder(Object.keys(before ? old : {}), fields, data)) {
      const field = fields.find((f) => f.name === name) || { name, widget: "unknown" };
      const value = data[name];
      if (isEmpty(value)) continue;
      if (before && before.keys.has(name) && same(old[name], value)) {
        lines.push(...before.keys.get(name));
      } else {
        lines.push(...writer.key(field, value, 0));
      }
    }
    return lines.join("\n") + "\n";
  }

  function registerFormats(collections, blockKeys, references) {
    for (const collection of collections) {
      const folder = collection.folder.replace(/^data\//, "");
      const schemaLine = `# yaml-language-server: $schema=../../schemas/${folder}.schema.json`;
      if (collection.extension === "yml") {
        const fields = collection.fields;
        const writer = new Writer(fields, references);
        CMS.registerCustomFormat(collection.format, "yml", {
          fromFile: (text) => ({ ...markKinds(load(text), fields, blockKeys), [ORIGINAL]: text }),
          toFile: (data) => writeYaml(data, fields, writer, data[ORIGINAL], [schemaLine]),
        });
      } else {
        const body = collection.fields[collection.fields.length - 1]; // the type's body field, last
        const fields = collection.fields.slice(0, -1);
        const writer = new Writer(fields, references);
        CMS.registerCustomFormat(collection.format, "md", {
          fromFile: (text) => {
            const { front, body: markdown } = splitFrontMatter(text);
            // Line numbers of the file: the front matter starts below its "---".
            return { ...markKinds(load(front, 2), fields, blockKeys), [body.name]: markdown, [ORIGINAL]: text };
          },
          toFile: (data) => {
            const original = data[ORIGINAL] != null ? splitFrontMatter(data[ORIGINAL]).front : null;
            const front = { ...data };
            delete front[body.name];
            let markdown = data[body.name] || "";
            if (markdown && !markdown.endsWith("\n")) markdown += "\n";
            return `---\n${writeYaml(front, fields, writer, original, [])}---\n${markdown}`;
          },
        });
      }
    }
  }

  async function start() {
    let settings;
    try {
      const response = await fetch("cau-hinh.json", { cache: "no-cache" });
      if (!response.ok) throw new Error(String(response.status));
      settings = await response.json();
    } catch (error) {
      say(`Không tải được cấu hình của trang biên tập (cau-hinh.json: ${error.message}). Tải lại trang; nếu vẫn lỗi, báo cho người quản trị cổng.`);
      return;
    }
    const { config, records, blockKeys } = settings;
    const local = ["localhost", "127.0.0.1"].includes(location.hostname);
    if (!local && !config.backend.repo) {
      say("Trang biên tập chưa biết kho mã trên GitHub (đặt TDKT_REPO_URL khi dựng trang). Xem CONTRIBUTING.md, mục “Biên tập trên trình duyệt”.");
      return;
    }
    if (!config.backend.repo) config.backend.repo = "may-cuc-bo/kho"; // unused: on this machine decap-server answers
    const references = new Set();
    for (const collection of config.collections) expandChoices(collection.fields, records, references);
    registerFormats(config.collections, blockKeys, references);
    document.getElementById("tdkt-loading")?.remove();
    CMS.init({ config });
  }

  if (typeof CMS === "undefined" || typeof jsyaml === "undefined") {
    say("Không tải được thư viện của trang biên tập. Tải lại trang.");
  } else {
    start();
  }
})();
