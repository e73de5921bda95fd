"""Reading and validating content: files (YAML, Markdown with front matter), positions, the
model's checks in Vietnamese, pictures, the registry of content types, JSON Schemas, and the
catalog of all records with their references and the document numbers their text names
(recognising numbers is part of reading: citations are resolved and checked on load).

May import: tdkt.base, tdkt.model."""
