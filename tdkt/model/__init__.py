"""The content model: one module per content type, typed and validated with pydantic, with the
Vietnamese title and hint of every field.

May import: tdkt.base."""
