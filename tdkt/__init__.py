"""Cổng tri thức Thi đua – Khen thưởng: content model, validation and rendering, free of MkDocs."""
