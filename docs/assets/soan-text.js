// Text rules shared by the drafting page's modules (soan-*.js): how typed text is stored, cut into
// paragraphs, and how the figures written in blanks are read and written the Vietnamese way.

export const LINE_BREAK = "\u000B"; // Word's manual line break (Shift+Enter), kept inside a paragraph
export const PAGE_BREAK = "\u000C"; // Word's page break

/** Text as it is stored: NFC, Unix line ends, no character XML cannot hold except Word's line and
 * page breaks, which the exports write as breaks (w:br) rather than gluing the words together. */
export function cleanText(value) {
  return String(value ?? "")
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000E-\u001F\uFFFE\uFFFF]/g, "");
}

/** The paragraphs of an answer: one per line, blank lines dropped. A paragraph may hold U+000B
 * (line break) and U+000C (page break). */
export function paragraphs(text) {
  return cleanText(text)
    .split("\n")
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ""))
    .filter((line) => line.replace(/[\u000B\u000C]/g, "").trim() || line.includes(PAGE_BREAK));
}

/** "……, ngày …… tháng …… năm ……" filled as Nghị định 30/2020 writes dates (05, tháng 01 and 02). */
export function placeDate(place, isoDate) {
  const where = cleanText(place).trim() || "……";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || "");
  if (!match) return `${where}, ngày …… tháng …… năm ……`;
  const [, year, month, day] = match;
  const m = Number(month);
  return `${where}, ngày ${day} tháng ${m < 3 ? month : String(m)} năm ${year}`;
}

/** The document number as NĐ 30 writes it, whether or not the person typed "Số:" already. */
export function documentNumber(value) {
  const bare = cleanText(value).trim().replace(/^số\s*[:.]?\s*/iu, "");
  return bare ? `Số: ${bare}` : "";
}

/** NĐ 30 writes the authority and title above the signature in capitals. */
export function signerCase(value) {
  return cleanText(value).trim().toLocaleUpperCase("vi-VN");
}

/** A number as written in a blank: "1.234", "12,5", "12.5", "45 %" → 1234, 12.5, 12.5, 45; NaN when
 * it is not a number. A dot followed by three digits groups thousands (the Vietnamese way). */
export function readNumber(value) {
  let text = cleanText(value).trim().replace(/\s|%/g, "");
  if (!text || !/^[+-]?[\d.,]+$/.test(text)) return NaN;
  if (text.includes(",")) text = text.replace(/\./g, "").replace(",", ".");
  else if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(text)) text = text.replace(/\./g, "");
  if ((text.match(/\./g) || []).length > 1) return NaN;
  const number = Number(text);
  return Number.isFinite(number) ? number : NaN;
}

/** A number written the Vietnamese way: thousands grouped by dots, decimal comma, at most 2 decimals. */
export function writeNumber(number) {
  const rounded = Math.round(number * 100) / 100;
  const [whole, fraction] = Math.abs(rounded).toFixed(2).replace(/\.?0+$/, "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${rounded < 0 ? "-" : ""}${grouped}${fraction ? `,${fraction}` : ""}`;
}

/** A value written where dots were: a space from a word glued to the dots ("đạt….%" → "đạt 12%"). */
export function spaced(value, before = "", after = "") {
  return (/[\p{L}\p{N})\]]$/u.test(before) ? " " : "") + value + (/^[\p{L}\p{N}]/u.test(after) ? " " : "");
}

/** The text of a line of guidance with its blanks filled (values) or kept as dots. */
export function fillLine(line, values) {
  return line.pieces.map((piece, i) => {
    if (typeof piece === "string") return piece;
    const value = cleanText(values?.[piece.index]).trim();
    if (!value) return piece.dots;
    const [before, after] = [line.pieces[i - 1], line.pieces[i + 1]];
    return spaced(value, typeof before === "string" ? before : "", typeof after === "string" ? after : "");
  }).join("");
}

/** A short random id for added sections, orphans and conflicts: merges between tabs and files
 * follow each by it. */
export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Section titles compared as a person reads them: case, spacing and final punctuation aside. */
export function sameTitle(a, b) {
  const norm = (text) => cleanText(text).toLocaleLowerCase("vi-VN").replace(/\s+/g, " ").replace(/[\s.:;,]+$/, "").trim();
  return norm(a) === norm(b);
}

export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A button-looking label around a hidden file input taking several unit files (drafts, portal DOCX). */
export function unitFilesPicker(text, role) {
  const label = document.createElement("label");
  label.className = "md-button tdkt-draft-open";
  label.textContent = text;
  const input = document.createElement("input");
  input.type = "file";
  input.multiple = true;
  input.accept = ".json,application/json,.docx";
  input.className = "tdkt-sr-only";
  input.dataset.role = role;
  label.append(input);
  return { label, input };
}
