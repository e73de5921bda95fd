"""Blank report templates of an outline: one neutral plan laid out per Nghị định 30/2020 (Phụ lục I),
written as DOCX, ODT, Markdown and an A4 HTML preview, cached and zipped byte-identically.

May import: tdkt.base, tdkt.model."""
