"""Editing without a terminal: the editing page's configuration generated from the content model,
check results as pull-request annotations, files uploaded to a pull request imported.

May import: tdkt.base, tdkt.model, tdkt.content, tdkt.render (the page is a generated file), tdkt.importing."""
