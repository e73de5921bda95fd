"""An outline attached to the plan or letter it was sent with: a Kế hoạch, Công văn or Hướng dẫn
whose text ends (after its signature: "Nơi nhận", "TM. …") with "ĐỀ CƯƠNG …" or "Phụ lục". The outline is what comes
from there; the host's header block (number, issuer, date, title) becomes a document record, with
only what the file says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..base.text import slugify
from .lines import Line
from .structure import Imported, clean, read_structure

_OUTLINE_START = re.compile(r"^(ĐỀ CƯƠNG\b|PHỤ LỤC\b|Phụ lục\b)")
_OUTLINE_HEADING = re.compile(r"^ĐỀ CƯƠNG\b")
_SUBJECT = re.compile(r"^V/v\b")
_CLOSING = re.compile(r"^Nơi nhận\b|^(TM|KT|Q|TL|TUQ)\.\s", re.IGNORECASE)
_TYPES = {"KẾ HOẠCH": "Kế hoạch", "HƯỚNG DẪN": "Hướng dẫn", "CÔNG VĂN": "Công văn", "THÔNG BÁO": "Thông báo",
          "QUYẾT ĐỊNH": "Quyết định", "CHỈ THỊ": "Chỉ thị"}


@dataclass
class Host:
    lines: list[Line]
    imported: Imported

    @property
    def type(self) -> str | None:
        heading = (self.imported.heading or "").upper()
        if heading in _TYPES:
            return _TYPES[heading]
        return "Công văn" if self.imported.number and self.subject else None

    @property
    def subject(self) -> str | None:
        """A letter's trích yếu, "V/v …" (về việc), under its number or in the text before its body."""
        for text in [*self.imported.agency, *self.imported.introduction]:
            if _SUBJECT.match(text):
                return text
        return None

    @property
    def issuer(self) -> str | None:
        agency = [text for text in self.imported.agency if not _SUBJECT.match(text)]
        return agency[-1] if agency else None

    def record_id(self) -> str | None:
        if not (self.type and self.imported.number):
            return None
        year = (self.imported.date or "")[:4]
        return "-".join(part for part in (slugify(self.type), slugify(self.imported.number.replace("/", "-")), year) if part)

    def record(self, source: str, original: str) -> dict[str, Any]:
        """The document record, in the field order of data/van-ban/."""
        found = self.imported
        return {
            "type": self.type,
            "number": found.number,
            "issuer": self.issuer,
            "date": found.date,
            "title": found.summary or self.subject,
            "note": f"Phần đầu văn bản chép tự động từ tệp “{original}” (đề cương gửi kèm văn bản này) bằng tdkt import; "
                    "chưa đối chiếu với văn bản gốc.",
            "sources": [{"file": source}],
        }


def split_host(lines: list[Line], source: str) -> tuple[Host | None, list[Line]]:
    """(the host document, the outline's lines), or (None, all lines) when the file is the outline."""
    texts = [clean(line.text) for line in lines]
    for index, text in enumerate(texts):
        if index < 3 or len(text) > 80 or not _OUTLINE_START.match(text) or lines[index].in_table:
            continue
        if not any(_CLOSING.match(before) for before in texts[:index]):
            return None, lines  # no letter signed before it: the header block of the outline itself
        start = index
        for later in range(index + 1, min(index + 4, len(texts))):  # "Phụ lục 01" above "ĐỀ CƯƠNG BÁO CÁO"
            if _OUTLINE_HEADING.match(texts[later]):
                start = later
                break
        host = read_structure(lines[:index], source)
        if not host.walk() and not host.number:
            return None, lines
        return Host(lines[:index], host), lines[start:]
    return None, lines
