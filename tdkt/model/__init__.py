"""The content model: one module per content type, typed and validated with pydantic."""
