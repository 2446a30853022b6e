"""The file store's domain errors; each interface renders them in its envelope."""

from __future__ import annotations

from webinarium.kit.errors import DomainError, InvalidInput, NotFound


class StoredFileNotFound(NotFound):
    code = "file_not_found"


class FileTooLarge(InvalidInput):
    code = "file_too_large"


class UnsupportedFileType(InvalidInput):
    """The bytes are none of the types the store takes (files/sniff.py)."""

    code = "unsupported_file_type"


class UnreadableFile(InvalidInput):
    """A PDF that PDFium cannot open, a video that ffprobe cannot read."""

    code = "unreadable_file"


class FetchRefused(InvalidInput):
    """The SSRF guard's refusal: not http(s), or an address the server must not
    reach on a stranger's behalf."""

    code = "fetch_refused"


class FetchFailed(DomainError):
    """The URL was allowed but gave no file: unresolvable host, HTTP error, timeout."""

    code = "fetch_failed"
