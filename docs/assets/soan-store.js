// The draft as data: its file format (checked before anything reaches the page), and the merge of
// two versions of it per section, by which tabs of one draft and files of several units combine.
//
// A draft (version 2):
//   { format, version, outline, outlineTitle, savedAt,
//     assignment?: { unit, sections: [anchor…] }           — a file shared out to a unit
//     fields: { name: text },
//     sections: { anchor: { label, title, text, none, blanks: { index: value } } },
//     added: [{ id, after, label, title, text }],             — sections the person added
//     orphans: [{ id, anchor, label, title, text, note }],    — answers whose section changed
//     conflicts: [{ id, anchor, versions: [{ source, text, blanks }] }] }  — to keep, combine or drop

import { cleanText, newId } from "./soan-text.js";

export const FORMAT = "tdkt-draft";
export const VERSION = 2;

/** A clean draft from a parsed file or stored value, or throws an Error whose message says, in
 * Vietnamese, what is wrong. Nothing of a wrong draft is used. */
export function normalise(value, outline) {
  const fail = (why) => { throw new Error(why); };
  if (!value || typeof value !== "object" || Array.isArray(value) || value.format !== FORMAT) fail("không phải bản nháp báo cáo của cổng");
  if (value.version !== 1 && value.version !== VERSION) fail(`bản nháp dạng ${String(value.version)} chưa được hỗ trợ`);
  if (typeof value.outline !== "string") fail("thiếu hoặc sai dữ liệu (đề cương)");
  if (outline && value.outline !== outline) {
    const error = new Error("bản nháp theo một đề cương khác");
    error.otherOutline = typeof value.outlineTitle === "string" ? value.outlineTitle : value.outline;
    throw error;
  }
  const text = (v, where) => {
    if (v === undefined || v === null) return "";
    if (typeof v !== "string") fail(`thiếu hoặc sai dữ liệu (${where} không phải chữ)`);
    return cleanText(v);
  };
  const object = (v, where) => {
    if (v === undefined) return {};
    if (!v || typeof v !== "object" || Array.isArray(v)) fail(`thiếu hoặc sai dữ liệu (${where})`);
    return v;
  };
  const list = (v, where) => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((item) => item && typeof item === "object" && !Array.isArray(item))) fail(`thiếu hoặc sai dữ liệu (${where})`);
    return v;
  };
  const blanks = (v, where) => Object.fromEntries(
    Object.entries(object(v, where)).map(([k, x]) => [String(Number(k) || k), text(x, where)]).filter(([, x]) => x.trim()),
  );
  const draft = {
    format: FORMAT,
    version: VERSION,
    outline: value.outline,
    outlineTitle: text(value.outlineTitle, "tên đề cương"),
    savedAt: text(value.savedAt, "ngày lưu"),
    fields: Object.fromEntries(Object.entries(object(value.fields, "phần đầu, phần cuối")).map(([k, v]) => [k, text(v, `ô “${k}”`)])),
    sections: {},
    added: [],
    orphans: [],
    conflicts: [],
  };
  for (const [anchor, answer] of Object.entries(object(value.sections, "các mục"))) {
    const a = object(answer, `mục ${anchor}`);
    draft.sections[anchor] = {
      label: text(a.label, `số mục ${anchor}`),
      title: text(a.title, `tên mục ${anchor}`),
      text: text(a.text, `nội dung mục ${anchor}`),
      none: Boolean(a.none),
      blanks: blanks(a.blanks, `chỗ điền của mục ${anchor}`),
    };
  }
  for (const item of list(value.added, "mục thêm")) {
    draft.added.push({ id: text(item.id, "mục thêm") || newId(), after: text(item.after, "mục thêm"), label: text(item.label, "số mục thêm"), title: text(item.title, "tên mục thêm"), text: text(item.text, "nội dung mục thêm") });
  }
  for (const item of list(value.orphans, "nội dung cũ")) {
    draft.orphans.push({ id: text(item.id, "nội dung cũ") || newId(), anchor: text(item.anchor, "nội dung cũ"), label: text(item.label, "số mục cũ"), title: text(item.title, "tên mục cũ"), text: text(item.text, "nội dung cũ"), note: text(item.note, "nội dung cũ") });
  }
  for (const item of list(value.conflicts, "các bản cần chọn")) {
    const versions = list(item.versions, "các bản cần chọn").map((v) => ({ source: text(v.source, "nguồn") || "Không rõ nguồn", text: text(v.text, "nội dung"), blanks: blanks(v.blanks, "chỗ điền") }));
    if (versions.length) draft.conflicts.push({ id: text(item.id, "các bản cần chọn") || newId(), anchor: text(item.anchor, "các bản cần chọn"), versions });
  }
  if (value.assignment !== undefined) {
    const a = object(value.assignment, "phần giao");
    if (!Array.isArray(a.sections) || !a.sections.every((s) => typeof s === "string")) fail("thiếu hoặc sai dữ liệu (các mục được giao)");
    const sections = [...a.sections];
    draft.assignment = { unit: text(a.unit, "đơn vị được giao"), from: text(a.from, "nơi giao"), sections };
  }
  return draft;
}

/** The draft as units that merge independently: each field, section, added section, orphan and
 * conflict, by key, as comparable strings. */
export function units(draft) {
  const map = new Map();
  for (const [name, value] of Object.entries(draft.fields || {})) map.set(`f:${name}`, JSON.stringify(value));
  for (const [anchor, answer] of Object.entries(draft.sections || {})) map.set(`s:${anchor}`, JSON.stringify(answer));
  for (const item of draft.added || []) map.set(`a:${item.id}`, JSON.stringify(item));
  for (const item of draft.orphans || []) map.set(`o:${item.id}`, JSON.stringify(item));
  for (const item of draft.conflicts || []) map.set(`c:${item.id}`, JSON.stringify(item));
  if (draft.assignment) map.set("g:", JSON.stringify(draft.assignment));
  return map;
}

function fromUnits(map, template) {
  const draft = { ...template, fields: {}, sections: {}, added: [], orphans: [], conflicts: [] };
  delete draft.assignment;
  for (const [key, value] of map) {
    const [kind, name] = [key.slice(0, 1), key.slice(2)];
    const v = JSON.parse(value);
    if (kind === "f") draft.fields[name] = v;
    else if (kind === "s") draft.sections[name] = v;
    else if (kind === "a") draft.added.push(v);
    else if (kind === "o") draft.orphans.push(v);
    else if (kind === "c") draft.conflicts.push(v);
    else if (kind === "g") draft.assignment = v;
  }
  return draft;
}

/** Three-way merge of the stored draft (theirs: another tab saved it) with this tab's (mine),
 * both grown from base (what this tab last read or wrote). A unit changed on one side only takes
 * that side; changed on both sides differently, mine is kept and theirs becomes a conflict of the
 * section (never dropped). Returns { draft, clashes: [anchor…] }. */
export function mergeDrafts(base, mine, theirs, otherSource = "một thẻ khác") {
  const [b, m, t] = [units(base), units(mine), units(theirs)];
  const out = new Map();
  const clashes = [];
  const extraConflicts = [];
  const order = [...m.keys(), ...[...t.keys()].filter((k) => !m.has(k))];
  for (const key of new Set([...order, ...b.keys()])) {
    const [bv, mv, tv] = [b.get(key), m.get(key), t.get(key)];
    let value;
    if (mv === bv) value = tv;
    else if (tv === bv || tv === mv) value = mv;
    else {
      value = mv ?? tv; // both changed it (or one removed it while the other changed it): keep the text
      if (key.startsWith("s:") && mv !== undefined && tv !== undefined) {
        const theirsAnswer = JSON.parse(tv);
        if (theirsAnswer.text.trim() || Object.keys(theirsAnswer.blanks || {}).length) {
          extraConflicts.push({ id: newId(), anchor: key.slice(2), versions: [{ source: otherSource, text: theirsAnswer.text, blanks: theirsAnswer.blanks || {} }] });
          clashes.push(key.slice(2));
        }
      }
    }
    if (value !== undefined) out.set(key, value);
  }
  const draft = fromUnits(out, mine);
  draft.conflicts.push(...extraConflicts);
  const rank = new Map(order.map((key, i) => [key, i]));
  draft.added.sort((x, y) => (rank.get(`a:${x.id}`) ?? 0) - (rank.get(`a:${y.id}`) ?? 0));
  return { draft, clashes };
}

/** An empty draft of an outline, as a base for merges. */
export function emptyDraft(outline) {
  return { format: FORMAT, version: VERSION, outline, fields: {}, sections: {}, added: [], orphans: [], conflicts: [] };
}

/** Whether a draft holds anything the person wrote (beyond the page's prefilled fields). */
export function hasContent(draft, defaults = new Map()) {
  return Object.values(draft.sections || {}).some((a) => a.text.trim() || a.none || Object.keys(a.blanks || {}).length) ||
    Object.entries(draft.fields || {}).some(([k, v]) => v.trim() && v !== (defaults.get(k) ?? "")) ||
    (draft.added || []).length > 0 || (draft.orphans || []).length > 0 || (draft.conflicts || []).length > 0;
}
