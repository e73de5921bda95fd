// Word files of the drafting page: filling the outline's blank template with a draft, and reading
// a file the page exported (perhaps edited in Word since) back into a draft.
//
// The template (tdkt/forms/docx_writer.py) marks its slots with hidden bookmarks: "_tdkt_<field>"
// for the heading and closing fields, "_tdkt_m<n>" on section n's heading (outline order), and
// "_tdkt_m<n>_b<k>" around blank k of that section (a run of dots). An export adds "_tdkt_x<n>_<k>"
// on the headings of sections added after section n and "_tdkt_o<k>" on kept answers, so that the
// file reads back. Loaded only when a Word file is made or opened.

import { LINE_BREAK, PAGE_BREAK, cleanText, documentNumber, paragraphs, placeDate, sameTitle, signerCase, spaced } from "./soan-text.js";
import { normalise } from "./soan-store.js";

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML = "http://www.w3.org/XML/1998/namespace";
const DC = "http://purl.org/dc/elements/1.1/";
const BODY_STYLE = "BodyText"; // style id of "Body Text", defined by the template
const NO_CONTENT = "Không có nội dung.";
const OUTLINE_ID = "tdkt-de-cuong:";
const SIGNER_PLACEHOLDER = "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ";
const NAME_PLACEHOLDER = "Họ và tên";
const MAX_XML = 40 * 1024 * 1024; // a report's document.xml is well under 1 MB

function failed(message) {
  return Object.assign(new Error(message), { offline: false });
}

/** The blank template filled with a draft, as DOCX bytes. */
export function fillTemplate(zip, template, draft, sections) {
  try {
    const files = zip.unzipSync(template);
    const xml = new DOMParser().parseFromString(zip.strFromU8(files["word/document.xml"]), "application/xml");
    fillDocument(xml, draft, sections);
    files["word/document.xml"] = zip.strToU8(new XMLSerializer().serializeToString(xml));
    if (files["docProps/core.xml"]) files["docProps/core.xml"] = zip.strToU8(retitle(zip.strFromU8(files["docProps/core.xml"]), draft));
    return zip.zipSync(files, { level: 6 });
  } catch (error) {
    throw failed(error.message);
  }
}

function bookmarks(xml) {
  const marks = new Map();
  for (const mark of xml.getElementsByTagNameNS(W, "bookmarkStart")) {
    const name = mark.getAttributeNS(W, "name") || "";
    if (name.startsWith("_tdkt_")) marks.set(name.slice(6), mark);
  }
  return marks;
}

/** Fills the template's slots in document.xml with the draft (both as DOM). A section's answer
 * may be a text or, in a synthesis, units: [{ name, text }] written each under its unit's name. */
export function fillDocument(xml, draft, sections) {
  const marks = bookmarks(xml);
  const slot = (name) => {
    const mark = marks.get(name);
    if (!mark) throw new Error(`mẫu Word thiếu chỗ “${name}”, hãy tải lại trang`);
    return mark;
  };
  const fields = draft.fields || {};
  const value = (name) => cleanText(fields[name]).trim();
  const setField = (name, lines) => {
    if (lines.some(Boolean)) replaceRuns(slot(name), lines);
  };
  setField("co_quan_chu_quan", [value("co_quan_chu_quan")]);
  setField("co_quan", [value("co_quan")]);
  setField("so", [documentNumber(value("so"))]);
  if (value("dia_danh") || value("ngay")) setField("ngay", [placeDate(value("dia_danh"), value("ngay"))]);
  setField("trich_yeu", [value("trich_yeu")]);
  setField("kinh_gui", [value("kinh_gui")]);
  if (value("quyen_han") || value("chuc_vu")) {
    const title = signerCase(value("chuc_vu")) || textOf(paragraphOf(slot("chuc_vu")));
    replaceRuns(slot("chuc_vu"), value("quyen_han") ? [signerCase(value("quyen_han")), title] : [title]);
  }
  setField("ho_ten", [value("ho_ten")]);
  const recipients = paragraphs(fields.noi_nhan || "");
  if (recipients.length) replaceRecipients(paragraphOf(slot("noi_nhan")), recipients);

  const end = paragraphOf(slot("het"));
  const headings = new Map(sections.map((s) => [s.anchor, paragraphOf(slot(`m${s.slot}`))]));
  const isBoundary = new Set([end, ...headings.values()]);
  let marksMade = 0;
  const mark = (paragraph, name) => {
    const id = String(500000 + ++marksMade);
    const start = el(xml, "bookmarkStart", { id, name: `_tdkt_${name}` });
    const stop = el(xml, "bookmarkEnd", { id });
    const pPr = paragraph.getElementsByTagNameNS(W, "pPr")[0];
    if (pPr) pPr.after(start);
    else paragraph.prepend(start);
    paragraph.append(stop);
  };
  for (const section of sections) {
    const heading = headings.get(section.anchor);
    const answer = (draft.sections || {})[section.anchor];
    if (!answer) continue; // unanswered: the guidance and dotted lines stay
    const blankParagraphs = new Set();
    if (!answer.none) {
      for (const line of section.lines) {
        line.pieces.forEach((piece, i) => {
          const text = typeof piece === "string" ? "" : cleanText(answer.blanks?.[piece.index]).trim();
          const at = text && marks.get(`m${section.slot}_b${piece.index}`);
          const near = (p) => (typeof p === "string" ? p : "");
          if (at) replaceRuns(at, [spaced(text, near(line.pieces[i - 1]), near(line.pieces[i + 1]))]);
        });
      }
    }
    for (const [name, at] of marks) if (name.startsWith(`m${section.slot}_b`)) blankParagraphs.add(paragraphOf(at));
    const units = Array.isArray(answer.units) ? answer.units.filter((u) => paragraphs(u.text).length) : null;
    const lines = answer.none ? [] : paragraphs(answer.text);
    if (answer.footnote && !answer.none) {
      // A synthesis says how its figures were made, after the section's lines of blanks.
      let last = heading;
      while (last.nextSibling && !isBoundary.has(last.nextSibling)) last = last.nextSibling;
      const [note] = bodyParagraphs(xml, [answer.footnote]);
      const r = note.getElementsByTagNameNS(W, "r")[0];
      const rPr = el(xml, "rPr");
      rPr.append(el(xml, "i"));
      r.prepend(rPr);
      (last.localName === "sectPr" ? last.previousSibling : last).after(note);
      blankParagraphs.add(note);
    }
    if (!answer.none && !lines.length && !(units && units.length)) continue; // only blanks filled
    let node = heading.nextSibling;
    while (node && !isBoundary.has(node)) {
      const next = node.nextSibling;
      // A section marked empty exports nothing of what it held, blanks included.
      if (node.nodeType === 1 && node.localName !== "sectPr" && (answer.none || !blankParagraphs.has(node))) node.remove();
      node = next;
    }
    let content;
    if (answer.none) content = bodyParagraphs(xml, [NO_CONTENT]);
    else if (units) content = units.flatMap((u) => [unitHeading(xml, u.name), ...bodyParagraphs(xml, paragraphs(u.text))]);
    else content = bodyParagraphs(xml, lines);
    heading.after(...content);
  }
  // Added sections go after their section's whole subtree; deepest first where subtrees end together.
  const added = draft.added || [];
  for (let i = sections.length - 1; i >= 0; i--) {
    const section = sections[i];
    const mine = added.filter((a) => a.after === section.anchor);
    if (!mine.length) continue;
    const next = sections.slice(i + 1).find((s) => s.depth <= section.depth);
    const before = next ? headings.get(next.anchor) : end;
    mine.forEach((extra, k) => {
      const nodes = extraSection(xml, headings.get(section.anchor), extra);
      mark(nodes[0], `x${section.slot}_${k + 1}`);
      before.before(...nodes);
    });
  }
  const first = sections.length ? headings.get(sections[0].anchor) : null;
  (draft.orphans || []).forEach((orphan, k) => {
    if (first && (cleanText(orphan.text).trim() || cleanText(orphan.title).trim())) {
      const nodes = extraSection(xml, first, orphan);
      mark(nodes[0], `o${k + 1}`);
      end.before(...nodes);
    }
  });
}

function paragraphOf(node) {
  let current = node;
  while (current && !(current.namespaceURI === W && current.localName === "p")) current = current.parentNode;
  if (!current) throw new Error("mẫu Word không đúng cấu trúc");
  return current;
}

/** A paragraph's text as typed: tabs, line breaks (U+000B) and page breaks (U+000C) kept. */
function textOf(node) {
  let text = "";
  const walk = (n) => {
    for (const child of n.childNodes) {
      if (child.nodeType !== 1) continue;
      if (child.namespaceURI === W && child.localName === "t") text += child.textContent;
      else if (child.namespaceURI === W && child.localName === "tab" && child.parentNode.localName === "r") text += "\t";
      else if (child.namespaceURI === W && (child.localName === "br" || child.localName === "cr")) text += child.getAttributeNS(W, "type") === "page" ? PAGE_BREAK : LINE_BREAK;
      else if (!(child.localName === "pPr" || child.localName === "rPr" || child.localName === "del" || child.localName === "instrText")) walk(child);
    }
  };
  walk(node);
  return text;
}

function el(xml, name, attributes = {}) {
  const node = xml.createElementNS(W, `w:${name}`);
  for (const [key, value] of Object.entries(attributes)) node.setAttributeNS(W, `w:${key}`, value);
  return node;
}

/** A run holding lines of text (w:br between them, and for U+000B / U+000C within a line), with
 * the given run properties. */
function run(xml, lines, properties) {
  const r = el(xml, "r");
  if (properties) r.append(properties.cloneNode(true));
  lines.forEach((line, index) => {
    if (index) r.append(el(xml, "br"));
    for (const part of line.split(/([\u000B\u000C])/)) {
      if (part === LINE_BREAK) r.append(el(xml, "br"));
      else if (part === PAGE_BREAK) r.append(el(xml, "br", { type: "page" }));
      else if (part) {
        const t = el(xml, "t");
        t.setAttributeNS(XML, "xml:space", "preserve");
        t.textContent = part;
        r.append(t);
      }
    }
  });
  return r;
}

/** The runs between a bookmark's start and end (siblings in the template's paragraphs). */
function runsIn(mark) {
  const id = mark.getAttributeNS(W, "id");
  const runs = [];
  for (let node = mark.nextSibling; node; node = node.nextSibling) {
    if (node.localName === "bookmarkEnd" && node.getAttributeNS(W, "id") === id) break;
    if (node.localName === "r") runs.push(node);
  }
  return runs;
}

/** Replaces the runs inside a bookmark with one run of new text, keeping their formatting. */
function replaceRuns(mark, lines) {
  const xml = mark.ownerDocument;
  const runs = runsIn(mark);
  const properties = runs[0] ? runs[0].getElementsByTagNameNS(W, "rPr")[0] : null;
  const replacement = run(xml, lines, properties);
  if (runs.length) runs[0].before(replacement);
  else mark.after(replacement);
  runs.forEach((r) => r.remove());
}

/** "Nơi nhận:" is followed, in its table cell, by one paragraph per recipient. */
function replaceRecipients(heading, recipients) {
  const xml = heading.ownerDocument;
  const old = [];
  for (let node = heading.nextSibling; node; node = node.nextSibling) if (node.localName === "p") old.push(node);
  const model = old[0];
  const pPr = model ? model.getElementsByTagNameNS(W, "pPr")[0] : null;
  const rPr = model ? model.getElementsByTagNameNS(W, "rPr")[0] : null;
  const fresh = recipients.map((line) => {
    const p = el(xml, "p");
    if (pPr) p.append(pPr.cloneNode(true));
    p.append(run(xml, [/^[-–+]/.test(line) ? line : `- ${line}`], rPr));
    return p;
  });
  old.forEach((p) => p.remove());
  heading.after(...fresh);
}

function bodyParagraphs(xml, lines) {
  return lines.map((line) => {
    const p = el(xml, "p");
    const pPr = el(xml, "pPr");
    pPr.append(el(xml, "pStyle", { val: BODY_STYLE }));
    p.append(pPr, run(xml, [line], null));
    return p;
  });
}

/** A unit's name above its text, in a synthesis: bold, in the body style. */
function unitHeading(xml, name) {
  const [p] = bodyParagraphs(xml, [`${cleanText(name).trim() || "Đơn vị"}:`]);
  const r = p.getElementsByTagNameNS(W, "r")[0];
  const rPr = el(xml, "rPr");
  rPr.append(el(xml, "b"));
  r.prepend(rPr);
  return p;
}

/** An added section: a heading formatted like the section it follows, then its paragraphs. */
function extraSection(xml, model, extra) {
  const heading = el(xml, "p");
  const pPr = model.getElementsByTagNameNS(W, "pPr")[0];
  if (pPr) heading.append(pPr.cloneNode(true));
  const text = `${cleanText(extra.label).trim()} ${cleanText(extra.title).trim()}`.trim() || "Mục thêm";
  heading.append(run(xml, [text], null));
  return [heading, ...bodyParagraphs(xml, paragraphs(extra.text || ""))];
}

/** The file's title in its properties: the report's, not the template's. */
function retitle(coreXml, draft) {
  const doc = new DOMParser().parseFromString(coreXml, "application/xml");
  const title = doc.getElementsByTagNameNS(DC, "title")[0];
  const summary = cleanText(draft.fields?.trich_yeu).trim();
  if (title) title.textContent = summary ? `Báo cáo: ${summary}`.slice(0, 255) : "Báo cáo";
  return new XMLSerializer().serializeToString(doc);
}

// -- reading back ----------------------------------------------------------------------------------

const DOTS_ONLY = /^[\s.…_]*$/;

/** A draft from a DOCX this page exported (perhaps edited in Word since). Throws an Error with the
 * Vietnamese reason when it is damaged, not made by the portal, or of another outline. */
export function readDocx(zip, bytes, template, sections, outline, outlineTitle) {
  let files;
  let tooBig = false;
  try {
    files = zip.unzipSync(bytes, {
      filter: (f) => {
        const wanted = f.name === "word/document.xml" || f.name === "docProps/core.xml";
        if (wanted && f.originalSize > MAX_XML) tooBig = true; // a zip bomb would exhaust the tab
        return wanted && !tooBig;
      },
    });
  } catch {
    throw new Error("tệp Word bị hỏng (không giải nén được)");
  }
  if (tooBig) throw new Error("nội dung tệp Word quá lớn khi giải nén để là một báo cáo");
  if (!files["word/document.xml"]) throw new Error("không phải tệp Word (thiếu nội dung văn bản)");
  const xml = new DOMParser().parseFromString(zip.strFromU8(files["word/document.xml"]), "application/xml");
  if (xml.getElementsByTagName("parsererror").length) throw new Error("tệp Word bị hỏng (nội dung không đọc được)");
  const marks = bookmarks(xml);
  const heads = sections.filter((s) => marks.has(`m${s.slot}`));
  if (!marks.has("het") || !heads.length) throw new Error("không phải tệp Word do cổng tạo từ trang soạn báo cáo (không có các chỗ đánh dấu của mẫu báo cáo); hãy chép nội dung vào các ô của trang");
  const core = files["docProps/core.xml"] ? new DOMParser().parseFromString(zip.strFromU8(files["docProps/core.xml"]), "application/xml") : null;
  const identifier = core?.getElementsByTagNameNS(DC, "identifier")[0]?.textContent?.trim() || "";
  if (identifier.startsWith(OUTLINE_ID) && identifier !== OUTLINE_ID + outline) {
    throw new Error(`là báo cáo theo một đề cương khác (${identifier.slice(OUTLINE_ID.length)}); hãy mở nó trên trang soạn báo cáo của đề cương đó`);
  }
  const matching = heads.filter((s) => headingMatches(textOf(paragraphOf(marks.get(`m${s.slot}`))), s)).length;
  if (!identifier.startsWith(OUTLINE_ID) && matching < Math.ceil(sections.length / 2)) {
    throw new Error(`không phải báo cáo theo đề cương “${outlineTitle}” (các mục trong tệp khác với đề cương)`);
  }

  const blankTemplate = new DOMParser().parseFromString(zip.strFromU8(zip.unzipSync(template, { filter: (f) => f.name === "word/document.xml" })["word/document.xml"]), "application/xml");
  const templateTexts = sectionTexts(blankTemplate, sections);
  const fields = readFields(xml, marks);
  const boundaries = new Set([...marks].filter(([name]) => /^(m\d+|het|x\d+_\d+|o\d+)$/.test(name)).map(([, m]) => paragraphOf(m)));
  const draft = { format: "tdkt-draft", version: 2, outline, outlineTitle, fields, sections: {}, added: [], orphans: [], conflicts: [] };
  const after = (start) => {
    const out = [];
    for (let node = start.nextSibling; node && !boundaries.has(node); node = node.nextSibling) {
      if (node.namespaceURI === W && node.localName === "p") out.push(node);
      else if (node.namespaceURI === W && node.localName === "tbl") out.push(...node.getElementsByTagNameNS(W, "p"));
    }
    return out;
  };
  for (const section of heads) {
    const heading = paragraphOf(marks.get(`m${section.slot}`));
    const headingText = textOf(heading).replace(/[\u000B\u000C]/g, " ").trim();
    const blanks = {};
    const lines = [];
    const known = templateTexts.get(section.anchor) || new Set();
    for (const p of after(heading)) {
      const inside = [...p.getElementsByTagNameNS(W, "bookmarkStart")].map((m) => (m.getAttributeNS(W, "name") || "").slice(6)).filter((n) => n.startsWith(`m${section.slot}_b`));
      const text = textOf(p);
      if (inside.length) {
        Object.assign(blanks, readBlanks(p, text, section, marks));
        continue;
      }
      const flat = text.trim();
      if (!flat.replace(/[\u000B\u000C\t]/g, "").trim() || known.has(normal(flat))) continue; // the template's own lines
      lines.push(flat);
    }
    const none = lines.length === 1 && lines[0] === NO_CONTENT;
    if (!lines.length && !Object.keys(blanks).length) continue;
    const answer = { label: section.label, title: section.title, text: none ? "" : lines.join("\n"), none, blanks };
    if (headingMatches(headingText, section)) draft.sections[section.anchor] = answer;
    else draft.orphans.push({ anchor: section.anchor, label: "", title: headingText, text: answer.text, note: `Trong tệp Word, mục này mang tên “${headingText}”.` });
  }
  for (const [name, m] of marks) {
    const match = /^(x(\d+)_\d+|o\d+)$/.exec(name);
    if (!match) continue;
    const heading = paragraphOf(m);
    const [label, title] = splitHeading(textOf(heading).trim());
    const text = after(heading).map((p) => textOf(p).trim()).filter(Boolean).join("\n");
    const parent = match[2] ? sections.find((s) => String(s.slot) === match[2]) : null;
    if (parent) draft.added.push({ after: parent.anchor, label, title, text });
    else draft.orphans.push({ anchor: "", label, title, text, note: "" });
  }
  return normalise(draft, outline);
}

function normal(text) {
  return cleanText(text).replace(/\s+/g, " ").trim();
}

function headingMatches(text, section) {
  const flat = normal(text.replace(/[\u000B\u000C]/g, " "));
  const want = normal(`${section.label} ${section.title}`);
  return flat === want || sameTitle(flat.replace(normal(section.label), "").trim(), section.title) ||
    flat.toLocaleLowerCase("vi-VN") === want.toLocaleLowerCase("vi-VN");
}

function splitHeading(text) {
  const match = /^((?:Phần\s+)?[IVXLC\d]+(?:\.\d+)*[.)]|[a-zđ][.)])\s+(.*)$/iu.exec(text);
  return match ? [match[1], match[2]] : ["", text];
}

/** Per section of the blank template, the texts of its own paragraphs: in a file read back, a
 * paragraph with one of these texts is the template's guidance, not an answer. */
function sectionTexts(xml, sections) {
  const marks = bookmarks(xml);
  const stops = new Set([...marks].filter(([n]) => /^(m\d+|het)$/.test(n)).map(([, m]) => paragraphOf(m)));
  const out = new Map();
  for (const s of sections) {
    const mark = marks.get(`m${s.slot}`);
    if (!mark) continue;
    const texts = new Set();
    for (let node = paragraphOf(mark).nextSibling; node && !stops.has(node); node = node.nextSibling) {
      if (node.localName === "p") texts.add(normal(textOf(node)));
    }
    out.set(s.anchor, texts);
  }
  return out;
}

/** The values of a line's blanks: by the line's own words around them (Word may have moved the
 * bookmarks while the person typed), else by the bookmarks' text. */
function readBlanks(paragraph, text, section, marks) {
  const values = {};
  const flat = normal(text);
  for (const line of section.lines) {
    const pattern = line.pieces.map((p) => (typeof p === "string" ? normal(p).replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s*") : "\\s*(.*?)\\s*")).join("");
    const match = new RegExp(`^(?:-\\s*)?${pattern}$`, "su").exec(flat);
    if (!match) continue;
    line.pieces.filter((p) => typeof p !== "string").forEach((blank, i) => {
      if (!DOTS_ONLY.test(match[i + 1])) values[blank.index] = match[i + 1].trim();
    });
    return values;
  }
  for (const mark of paragraph.getElementsByTagNameNS(W, "bookmarkStart")) {
    const found = /^_tdkt_m\d+_b(\d+)$/.exec(mark.getAttributeNS(W, "name") || "");
    if (!found) continue;
    const value = runsIn(mark).map((r) => textOf(r)).join("").trim();
    if (!DOTS_ONLY.test(value)) values[found[1]] = value;
  }
  return values;
}

/** The heading and closing fields, from their slots; the template's placeholders read as empty. */
function readFields(xml, marks) {
  const fields = {};
  const slotText = (name) => {
    const m = marks.get(name);
    if (!m) return "";
    const runs = runsIn(m);
    return (runs.length ? runs.map((r) => textOf(r)).join("") : textOf(paragraphOf(m))).trim();
  };
  const filled = (text) => (text.includes("……") || DOTS_ONLY.test(text) ? "" : text);
  fields.co_quan_chu_quan = filled(slotText("co_quan_chu_quan"));
  fields.co_quan = filled(slotText("co_quan"));
  const number = slotText("so").replace(/^số\s*[:.]?\s*/iu, "");
  fields.so = filled(number);
  const date = /^(.*?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u.exec(slotText("ngay"));
  if (date) {
    fields.dia_danh = filled(date[1].trim());
    fields.ngay = `${date[4]}-${date[3].padStart(2, "0")}-${date[2].padStart(2, "0")}`;
  } else {
    const place = /^(.*?),\s*ngày/u.exec(slotText("ngay"));
    fields.dia_danh = place ? filled(place[1].trim()) : "";
  }
  fields.trich_yeu = filled(slotText("trich_yeu"));
  fields.kinh_gui = filled(slotText("kinh_gui").replace(/^Kính gửi:\s*/u, ""));
  const signer = slotText("chuc_vu").split(/[\u000B\n]/).map((t) => t.trim()).filter(Boolean);
  const title = signer.pop() || "";
  fields.chuc_vu = title === SIGNER_PLACEHOLDER ? "" : title;
  fields.quyen_han = signer.join(" ");
  const name = slotText("ho_ten");
  fields.ho_ten = name === NAME_PLACEHOLDER ? "" : name;
  const heading = marks.get("noi_nhan") ? paragraphOf(marks.get("noi_nhan")) : null;
  const recipients = [];
  for (let node = heading?.nextSibling; node; node = node.nextSibling) if (node.localName === "p") recipients.push(textOf(node).trim().replace(/^[-–+]\s*/, ""));
  const kept = recipients.filter(Boolean);
  fields.noi_nhan = kept.some((r) => r.includes("……")) ? "" : kept.join("\n");
  return fields;
}
