"""Page arithmetic shared by every listing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# A ceiling on any one page, so a client asking per_page=10**9 cannot make one
# request load a whole account.
MAX_PER_PAGE = 500
# A page number beyond every list's end answers an empty page; above this one it
# is read as this one, so that OFFSET stays within the 64-bit integers SQLite and
# PostgreSQL take (2**31 pages of 2**31 rows at most is below 2**63).
MAX_PAGE = 2**31 - 1


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        object.__setattr__(self, "page", min(max(1, self.page), MAX_PAGE))
        object.__setattr__(self, "per_page", min(max(1, self.per_page), MAX_PER_PAGE))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    request: PageRequest
    total: int

    @property
    def total_pages(self) -> int:
        return -(-self.total // self.request.per_page)
