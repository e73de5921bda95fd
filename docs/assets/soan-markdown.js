// The draft as a Markdown file, in the order and with the heading block of the Word export.
// Loaded only when the person asks for it.

import { LINE_BREAK, PAGE_BREAK, cleanText, documentNumber, fillLine, paragraphs, placeDate, signerCase } from "./soan-text.js";

const NO_CONTENT = "Không có nội dung.";

export function toMarkdown(draft, sections, page) {
  const f = draft.fields || {};
  const value = (name, fallback = "……") => cleanText(f[name]).trim() || fallback;
  const escape = (text) => cleanText(text).replace(/([\\`*_[\]<>#|])/g, "\\$1")
    .split(LINE_BREAK).join("  \n").split(PAGE_BREAK).join("\n\n");
  const out = [];
  if (value("co_quan_chu_quan", "")) out.push(`${escape(value("co_quan_chu_quan"))}  `);
  out.push(`**${escape(value("co_quan"))}**  `, escape(documentNumber(value("so", "")) || "Số: ……"), "");
  out.push(`**${escape(page.national)}**  `, `**${escape(page.motto)}**  `, `*${escape(placeDate(value("dia_danh", ""), value("ngay", "")))}*`, "");
  out.push("# BÁO CÁO", "", `**${escape(value("trich_yeu"))}**`, "", `Kính gửi: ${escape(value("kinh_gui"))}`, "");
  const added = draft.added || [];
  const body = (text) => paragraphs(text).map(escape).flatMap((line) => [line, ""]);
  const extra = (depth, item) => [`${"#".repeat(Math.min(depth + 1, 6))} ${escape(`${item.label || ""} ${item.title || ""}`.trim() || "Mục thêm")}`, "", ...body(item.text || "")];
  const pending = []; // [depth, anchor] of sections whose additions wait for the end of their subtree
  const flush = (depth) => {
    while (pending.length && pending[pending.length - 1][0] >= depth) {
      const [d, anchor] = pending.pop();
      for (const item of added.filter((a) => a.after === anchor)) out.push(...extra(d, item));
    }
  };
  for (const s of sections) {
    flush(s.depth);
    out.push(`${"#".repeat(Math.min(s.depth + 1, 6))} ${escape(`${s.label} ${s.title}`.trim())}`, "");
    const answer = (draft.sections || {})[s.anchor];
    if (answer && answer.none) out.push(NO_CONTENT, "");
    else {
      if (Array.isArray(answer?.units)) {
        for (const unit of answer.units) if (paragraphs(unit.text).length) out.push(`**${escape(unit.name)}:**`, "", ...body(unit.text));
      } else if (answer && paragraphs(answer.text).length) out.push(...body(answer.text));
      // Lines with blanks: the values where the dots were, the dots where nothing was written.
      for (const line of s.lines) out.push(`${line.kind === "item" ? "- " : ""}${escape(fillLine(line, answer?.blanks))}`, "");
      if (!(answer && (paragraphs(answer.text).length || answer.units)) && !s.lines.length) out.push("……………………………………", "");
    }
    pending.push([s.depth, s.anchor]);
  }
  flush(0);
  for (const orphan of draft.orphans || []) out.push(...extra(1, orphan));
  out.push("**Nơi nhận:**", "");
  const recipients = paragraphs(f.noi_nhan || "");
  out.push(...(recipients.length ? recipients : ["Như trên;", "Lưu: VT."]).map((line) => `- ${escape(line.replace(/^[-–+]\s*/, ""))}`), "");
  if (value("quyen_han", "")) out.push(`**${escape(signerCase(value("quyen_han")))}**  `);
  out.push(`**${escape(signerCase(value("chuc_vu", "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ")))}**`, "", "", `**${escape(value("ho_ten", "Họ và tên"))}**`, "");
  return out.join("\n");
}
