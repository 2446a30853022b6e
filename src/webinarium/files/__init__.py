"""The file store: uploads, files fetched from URLs behind the SSRF guard, and
what the bytes themselves say (type, size, pages, duration, thumbnail).
See docs/files.md."""
