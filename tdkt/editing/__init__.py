"""The editing page (quan-tri/): Decap CMS configured from the content model, generated at build time."""
