from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, JSONType


class FileState(StrEnum):
    # The bytes are in the store and the facts below are the file's own.
    READY = "ready"
    # Being fetched from ``source_url`` (files/tasks.py); no bytes yet.
    FETCHING = "fetching"
    # The fetch or the reading of the file failed: ``reason`` says why.
    FAILED = "failed"


class StoredFile(HasId, Base):
    """A file of the file store (``files/``): the bytes are on disk under the
    store's root, named by the id; the row says what they are, as read from the
    bytes themselves. Served publicly at ``/files/{id}``."""

    __tablename__ = "files"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20), default=FileState.READY, index=True)
    # Why a file failed, for people: "the server answered HTTP 404".
    reason: Mapped[str] = mapped_column(String(500), default="")
    # The URL a fetched file came from; None for an upload.
    source_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    # Sniffed from the bytes (files/sniff.py), never taken from the sender;
    # empty while fetching.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # The name the file was uploaded with, if it had one.
    file_name: Mapped[str] = mapped_column(String(255), default="")
    # A PDF's pages; None for other files.
    pages: Mapped[int | None] = mapped_column(Integer, default=None)
    # A video's or audio's seconds, when ffprobe could tell; None otherwise.
    duration_seconds: Mapped[float | None] = mapped_column(Float, default=None)
    # A small PNG of the first page (another file of the store), for a PDF.
    thumbnail_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("files.id", ondelete="SET NULL"), default=None
    )
    # A PDF's pages as PNGs (files/pages.py): the ids of other files of the
    # store, page 1 first; rendered once, when the PDF became ready. None for
    # other files and for PDFs stored before pages were rendered.
    page_image_ids: Mapped[list[str] | None] = mapped_column(JSONType, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
