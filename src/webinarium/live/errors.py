from __future__ import annotations

from webinarium.kit.errors import Conflict, DomainError, InvalidInput, NotFound


class BotNotFound(NotFound):
    """No virtual participant of that id (or e-mail) is in the room."""

    code = "bot_not_found"


class AlreadyInRoom(Conflict):
    code = "already_in_room"


class NotAPresentation(InvalidInput):
    code = "not_a_presentation"


class SlidesUnavailable(InvalidInput):
    """A pre-loaded file whose pages cannot be shown: not fetched yet, failed,
    not a PDF, or a PDF PDFium could not render."""

    code = "slides_unavailable"


class NotAVideo(InvalidInput):
    code = "not_a_video"


class InvalidVideoUrl(InvalidInput):
    """A link the room cannot play: not http(s), or neither a YouTube or Vimeo
    video nor a video file's URL."""

    code = "invalid_video_url"


class NoVideoShown(InvalidInput):
    """A video command naming no video while none is shown."""

    code = "no_video_shown"


class ChatLocked(DomainError):
    """The chat is locked for attendees."""

    code = "chat_locked"


class LinksLocked(DomainError):
    """Links are locked for attendees, and the message has one."""

    code = "links_locked"


class MessageNotFound(NotFound):
    code = "not_found"


class MemberNotFound(NotFound):
    code = "not_found"
