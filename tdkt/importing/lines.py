"""What every reader produces: the document's lines in order, as a clerk sees them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    text: str  # the paragraph's text, without the label of automatic numbering
    number: int  # position in the file (paragraph or line, from 1), for the review
    label: str = ""  # drawn by Word/LibreOffice numbering ("I.", "1.", "a)"); "-" for a bullet list
    heading: int | None = None  # heading level from the paragraph's style or outline level
    bold: bool = False  # every character of the text is bold
    italic: bool = False
    in_table: bool = False  # the header block (agency, Quốc hiệu) and the signature are tables
    fonts: tuple[str, ...] = ()  # font names used, to recognise TCVN3/VNI text
    ocr: bool = False  # read by OCR from a scan or photo: labels may need repair, text must be checked

    @property
    def shown(self) -> str:
        """The line as printed: the generated label, then the text."""
        if self.label and self.label not in {"-", "•"}:
            return f"{self.label} {self.text}"
        if self.label:
            return f"- {self.text}"
        return self.text


class UnreadableFile(Exception):
    """A file that cannot be imported: the message says why and what to do, in Vietnamese."""
