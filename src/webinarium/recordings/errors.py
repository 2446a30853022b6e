from __future__ import annotations

from webinarium.kit.errors import Conflict, DomainError, InvalidInput, NotFound


class RecordingNotFound(NotFound):
    """No such recording in the caller's account (another account's included)."""

    code = "recording_not_found"


class NoRecording(NotFound):
    """The conference has no recording ready to publish or watch."""

    code = "no_recording"


class RecordingProcessing(DomainError):
    """The conference's recording is still being made: nothing to publish or
    watch yet (it had no ready one before)."""

    code = "recording_processing"


class AlreadyPublished(Conflict):
    code = "recording_already_published"


class AlreadyUnpublished(Conflict):
    code = "recording_already_unpublished"


class NotAnMp4(InvalidInput):
    """The file given as a recording is not an MP4 video."""

    code = "recording_not_mp4"


class RecordingUnpublished(DomainError):
    """The conference's recording is not published: nobody watches it on demand."""

    code = "recording_unpublished"


class ViewingRefused(DomainError):
    """The conference says who may watch its recording, and this viewer is not one."""

    code = "recording_refused"


class RegistrationRequired(ViewingRefused):
    """A viewer with no link, where the conference asks viewers to register
    first (``registration_required_to_view_recording``): its page offers the
    registration form."""

    code = "recording_registration_required"
