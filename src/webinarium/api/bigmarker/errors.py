"""How BigMarker answers errors: ``{"error": "<message>"}`` with the status and
message that the document gives for the operation at hand.

Domain errors carry stable codes; `REPLIES` maps (operation, code) to the reply
the document prints for that operation, `DEFAULT_REPLIES` covers the rest. A
conference of another account is answered exactly like one that does not exist.

Where the document answers bad input with HTTP 500 (handouts: "Both handout_url
and share_link cannot be empty") we answer 400 with the same message: a 500 means
the server failed, and clients retry those.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from webinarium.kit.errors import DomainError, InvalidInput, NotFound, Throttled


@dataclass(frozen=True)
class Reply:
    status: int
    # None: the domain error's own message.
    message: str | None = None

    def response(self, error: DomainError) -> JSONResponse:
        headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Throttled) else None
        return JSONResponse(
            {"error": self.message or error.message}, status_code=self.status, headers=headers
        )


class TimestampFormatError(InvalidInput):
    """A time filter that is not Unix seconds; the document answers it with 401."""

    code = "timestamp_format"

    def __init__(self, name: str) -> None:
        super().__init__(f"Parameter {name} need to be Unix Timestamp")


class NotOpenYet(InvalidInput):
    """Enter a Conference too early, in the document's words with the
    conference's own minutes (`access.admission.RoomNotOpen`)."""

    def __init__(self, *, staff: bool, minutes: int) -> None:
        who = "Presenters" if staff else "Attendees"
        self.code = f"conference_not_open_for_{'presenter' if staff else 'attendee'}"
        super().__init__(
            f"This conference is currently not open. {who} can enter the conference"
            f" {minutes} minutes prior to the conference start time."
        )


MISSING_KEY = Reply(401, "Missing or invalid API key.")
NOT_FOUND = Reply(404, "Not Found!")
CHANNEL_NOT_FOUND = Reply(404, "The channel you are requesting is not found.")
CONFERENCE_NOT_FOUND = Reply(404, "The conference you are requesting is not found.")
NO_CHANNEL_ACCESS = Reply(403, "You do not have access to this Channel")
NO_CHANNEL_ACCESS_SHOW = Reply(403, "You don't have access to this Channel")
MEMBER_NOT_FOUND = Reply(404, "The member email entered you entered is not found in our system.")
# Not documented for a webinar with no recording but on Show Conference Recording Views.
NO_RECORDINGS = Reply(404, "This webianr does not have any recordings.")
RECORDING_PROCESSING = Reply(401, "This recording is still processing.")
NO_CHANNEL_ACCESS_LOWER = Reply(403, "You don't have access to this channel")
HANDOUT_TARGET_MISSING = Reply(400, "Both handout_url and share_link cannot be empty")
INVALID_SESSIONS = Reply(400, "Invalid/Missing Session IDs")
CATEGORY_CHANNEL_DENIED = Reply(401, "You do not have permission to access or modify this channel.")
CATEGORY_CONFERENCE_DENIED = Reply(
    401, "You do not have permission to access or modify this conference."
)
PRESENTER_NOT_FOUND = Reply(
    400, "The presenter does not exist - plase add the presenter using the proper API call"
)

DEFAULT_REPLIES: dict[str, Reply] = {
    "authentication_failed": MISSING_KEY,
    "api_access_disabled": Reply(
        401,
        "You do not have a valid API token. Please request one by contacting support@bigmarker.com",
    ),
    "channel_not_found": CHANNEL_NOT_FOUND,
    "conference_not_found": CONFERENCE_NOT_FOUND,
    "handout_target_missing": HANDOUT_TARGET_MISSING,
    "invalid_sessions": INVALID_SESSIONS,
    "not_recurring": Reply(401, "This is not a recurring conference."),
    # Not in the document: register answers a refused e-mail with 403.
    "registration_blocked": Reply(403),
    # Not in the document: registration closed by the organiser, or every seat
    # taken (the settings registration_closed, registration_limit).
    "registration_closed": Reply(403),
    "registration_full": Reply(409),
    "timestamp_format": Reply(401),
    # Not in the document (it documents no throttling): the usual 429.
    "throttled": Reply(429),
    # A body or form field over the limit (api.limits): not in the document.
    "too_large": Reply(413),
}

# Per operation, where the document prints its own reply for an error.
REPLIES: dict[str, dict[str, Reply]] = {
    "members_login": {
        "authentication_failed": Reply(
            401, "Authentication failed. Invalid email and/or password."
        ),
    },
    "conferences_show": {"conference_not_found": Reply(404, "Channel Not Found!")},
    "conferences_recording_status": {
        "conference_not_found": Reply(404, "Channel Not Found!"),
        "no_recording": NO_RECORDINGS,
    },
    "conferences_publish_recording": {
        "conference_not_found": Reply(404, "Channel Not Found!"),
        "no_recording": NO_RECORDINGS,
        "recording_already_published": Reply(401, "This recording is already published."),
        # Not documented: a refusal of publishing as the document's others are.
        "recording_processing": RECORDING_PROCESSING,
    },
    "conferences_unpublish_recording": {
        "conference_not_found": Reply(404, "Channel Not Found!"),
        "no_recording": NO_RECORDINGS,
        "recording_already_unpublished": Reply(401, "This recording is already unpublished."),
        "recording_processing": RECORDING_PROCESSING,
    },
    # The document's one 404, typo kept; another account's webinar is "not found" too.
    "conferences_recording_views": {
        "conference_not_found": NO_RECORDINGS,
        "no_recording": NO_RECORDINGS,
        "recording_processing": NO_RECORDINGS,
    },
    "conferences_update": {"conference_not_found": NO_CHANNEL_ACCESS},
    "conferences_recurring_children": {"conference_not_found": NOT_FOUND},
    "conferences_custom_fields": {"conference_not_found": NO_CHANNEL_ACCESS_SHOW},
    "conferences_upload_file": {"invalid_file_url": Reply(404, "We could not access this file")},
    "conferences_delete_file": {"file_not_found": Reply(404, "We could not find this file")},
    "handouts_create": {"conference_not_found": CHANNEL_NOT_FOUND},
    "handouts_update": {"handout_not_found": CHANNEL_NOT_FOUND},
    "handouts_delete": {"handout_not_found": CHANNEL_NOT_FOUND},
    "handouts_list": {"conference_not_found": NOT_FOUND},
    "series_update": {"conference_not_found": CHANNEL_NOT_FOUND},
    "series_add_sessions": {"conference_not_found": CHANNEL_NOT_FOUND},
    # Delete a session documents only 401 and 404: unknown session ids (another
    # account's included) get the 404 every other "not found" of series gets.
    "series_delete_sessions": {"invalid_sessions": CHANNEL_NOT_FOUND},
    "registrations_unregister": {
        "person_not_found": MEMBER_NOT_FOUND,
        "registration_not_found": MEMBER_NOT_FOUND,
    },
    "registrations_check_status": {
        "conference_not_found": Reply(
            401, "You do not have permission to access or modify this conference."
        ),
        "person_not_found": MEMBER_NOT_FOUND,
    },
    # The registration webhook (an addition): a URL that is not one is a
    # conference not found; its switch off, a refusal in its own words.
    "registrations_webhook": {"registration_webhook_off": Reply(403)},
    "registrations_list": {"conference_not_found": NO_CHANNEL_ACCESS_LOWER},
    "registrations_with_fields": {"conference_not_found": NO_CHANNEL_ACCESS_LOWER},
    "registrations_checked_in": {"conference_not_found": NO_CHANNEL_ACCESS_LOWER},
    "registration_block_list_show": {"conference_not_found": CHANNEL_NOT_FOUND},
    "registration_block_list_remove": {"conference_not_found": CHANNEL_NOT_FOUND},
    "registration_block_list_enable": {"conference_not_found": CHANNEL_NOT_FOUND},
    "channels_block_list_show": {"channel_not_found": NOT_FOUND},
    "channels_block_list_add": {"channel_not_found": NOT_FOUND},
    "channels_block_list_remove": {"channel_not_found": NOT_FOUND},
    "meeting_spaces_show": {"conference_not_found": CHANNEL_NOT_FOUND},
    "meeting_spaces_update": {"conference_not_found": CHANNEL_NOT_FOUND},
    # Manage Channels: another account's channel is answered like a missing one,
    # with the operation's documented reply.
    "channels_show": {"channel_not_found": NOT_FOUND},
    "channels_conferences": {"channel_not_found": Reply(404, "Channel Not Found!")},
    "channels_registrations": {"channel_not_found": NO_CHANNEL_ACCESS_LOWER},
    "channels_create_subchannel": {"channel_not_found": NOT_FOUND},
    "channels_list_subchannels": {"channel_not_found": NOT_FOUND},
    "channels_remove_subchannel": {"channel_not_found": NOT_FOUND},
    "channels_subscribers": {"channel_not_found": NOT_FOUND},
    "channels_add_subscriber": {"channel_not_found": NOT_FOUND},
    "channels_remove_subscriber": {
        "channel_not_found": NOT_FOUND,
        "subscriber_not_found": Reply(404),
    },
    # Documents no error: the general table's 403 for a channel not accessible.
    "channels_list_registered_conferences": {"channel_not_found": NO_CHANNEL_ACCESS_LOWER},
    "channels_delete_member_data": {"channel_not_found": CHANNEL_NOT_FOUND},
    "categories_create": {"channel_not_found": CATEGORY_CHANNEL_DENIED},
    "categories_delete": {
        "channel_not_found": CATEGORY_CHANNEL_DENIED,
        "category_not_found": Reply(404),
    },
    "categories_add_conference": {
        "channel_not_found": CATEGORY_CHANNEL_DENIED,
        "conference_not_found": CATEGORY_CONFERENCE_DENIED,
        "category_not_found": Reply(404),
    },
    "categories_remove_conference": {
        "channel_not_found": CATEGORY_CHANNEL_DENIED,
        "conference_not_found": CATEGORY_CONFERENCE_DENIED,
        "category_conference_not_found": Reply(
            401, "The conference you are requesting is not found in this category."
        ),
    },
    "presenters_create": {
        "conference_not_found": CHANNEL_NOT_FOUND,
        "presenter_names_required": Reply(
            400,
            "The presenter email you provided is not in our system. To create a new presenter"
            " profile, please provide the presenter’s first name, last name, and temporary"
            " password.",
        ),
        "presenter_exists": Reply(400, "Presenter with the same email exists."),
    },
    "presenters_update": {"presenter_not_found": PRESENTER_NOT_FOUND},
    "presenters_delete": {"presenter_not_found": PRESENTER_NOT_FOUND},
    "conferences_presenters": {"conference_not_found": CHANNEL_NOT_FOUND},
    "presenters_list_conferences": {"person_not_found": Reply(400, "The member does not exist!")},
    # Channel admins document only 404 "Not Found!" (the list documents nothing).
    "channel_admins_list": {"channel_not_found": NOT_FOUND},
    "channel_admins_create": {"channel_not_found": NOT_FOUND},
    "channel_admins_update": {"channel_admin_not_found": NOT_FOUND},
    "channel_admins_delete": {"channel_admin_not_found": NOT_FOUND},
    # Polls document only 404 "Not Found!" (poll_not_found falls back to it).
    # PUT /polls is one route for update and set status: its name is polls_update.
    "polls_create": {"conference_not_found": NOT_FOUND},
    "polls_update": {"conference_not_found": NOT_FOUND},
    # Reports of the room's talk (api/bigmarker/talk_reports.py). The chat and
    # Q&A transcripts answer a missing conference with the default 404 they
    # document; Show Presenter Activity documents only 404 "Not Found!". The
    # transcript and admin URL document no error: an unknown conference gets
    # the section's usual 404, a bmid that is no admin a 404 saying so.
    "conferences_activity_logs": {"conference_not_found": NOT_FOUND},
    "conferences_transcript": {"admin_not_found": Reply(404)},
    "conferences_admin_url": {"admin_not_found": Reply(404)},
    # Enter a Conference documents no "conference not found": its unknown
    # channel answers for it. A refusal the document does not name (banned,
    # e-mail blocked) is 403 with its own words.
    "conferences_enter": {
        "conference_not_found": CHANNEL_NOT_FOUND,
        "room_ended": Reply(400, "This conference has ended"),
        "not_staff": Reply(401, "You do not have permission to access this channel."),
        "not_admitted": Reply(403),
    },
    # Attendance reports (api/bigmarker/attendance_reports.py). Show Conference
    # Attendees documents 403 for a conference not the caller's and 404 for
    # one not ended (answered while it is live); Show dial in data documents
    # only 401.
    "conferences_attendees": {
        "conference_not_found": NO_CHANNEL_ACCESS_LOWER,
        "conference_not_ended": Reply(404, "This conference has not ended yet."),
    },
    "conferences_dial_in_list": {"conference_not_found": CATEGORY_CONFERENCE_DENIED},
}


def reply_for(operation: str, error: DomainError) -> Reply:
    reply = REPLIES.get(operation, {}).get(error.code) or DEFAULT_REPLIES.get(error.code)
    if reply is not None:
        return reply
    if isinstance(error, NotFound):
        return NOT_FOUND
    # InvalidInput, Conflict: the request cannot be done as sent.
    return Reply(400)


def error_reply(request: Request, error: DomainError) -> Response:
    """The reply when no operation is known yet (a body refused before routing)."""
    return reply_for("", error).response(error)


class BigMarkerRoute(APIRoute):
    """Marks a route as BigMarker's: `api.errors` renders its domain errors with
    `reply_for(<route name>, error)`."""

    def error_response(self, request: Request, error: DomainError) -> Response:
        return reply_for(self.name, error).response(error)
