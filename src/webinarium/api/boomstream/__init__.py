"""The Boomstream conference API: ``/api/conference/<method>`` (see docs/boomstream.md)."""

from webinarium.api.boomstream.conferences import router

__all__ = ["router"]
