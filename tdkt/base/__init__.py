"""Small utilities every part uses: problems with their location, Vietnamese text rules, digests,
the cache folder, git facts, child processes, inline Markdown/HTML escaping.

Imports nothing else of tdkt."""
