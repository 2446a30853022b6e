"""Tenancy: one account's key never reaches another account's objects.

Alice creates one object of every kind; Bob's key then calls every BigMarker
route on them. Each answer must be a documented refusal whose body is exactly the
one a non-existent id gets (so it reveals nothing), must not carry Alice's ids or
titles, and Alice's objects must read the same afterwards. The matrix is checked
against the application's router, so a new route without a case fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import bigmarker_routes
from tests.conftest import Tenant, create_tenant
from tests.recordings.helpers import store_mp4
from webinarium.kit.ids import new_id
from webinarium.settings import Settings

API = "/api/v1"
REFUSALS = {400, 401, 403, 404}


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: dict[str, Any] | None = None

    def send(self, http: httpx.Client, headers: dict[str, str]) -> httpx.Response:
        return http.request(self.method, API + self.path, headers=headers, json=self.body)


@dataclass(frozen=True)
class Case:
    """``build`` gets the ids to use: Alice's (``alice_*``) or unknown ones in their
    place, and Bob's own (``bob_*``) in both."""

    id: str
    operation: str
    route: tuple[str, str]
    build: Callable[[dict[str, str]], Call]


CASES = [
    Case(
        "conferences_show",
        "conferences_show",
        ("GET", "/conferences/{conference_id}"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}"),
    ),
    Case(
        "conferences_show_series",
        "conferences_show",
        ("GET", "/conferences/{conference_id}"),
        lambda i: Call("GET", f"/conferences/{i['alice_series']}"),
    ),
    Case(
        "conferences_update",
        "conferences_update",
        ("PUT", "/conferences/{conference_id}"),
        lambda i: Call(
            "PUT",
            f"/conferences/{i['alice_conference']}",
            {"title": "Bob was here", "purpose": "Bob's purpose", "duration_minutes": 15},
        ),
    ),
    Case(
        "conferences_delete",
        "conferences_delete",
        ("DELETE", "/conferences/{conference_id}"),
        lambda i: Call("DELETE", f"/conferences/{i['alice_conference']}"),
    ),
    Case(
        "conferences_delete_recurring",
        "conferences_delete",
        ("DELETE", "/conferences/{conference_id}"),
        lambda i: Call("DELETE", f"/conferences/{i['alice_recurring']}"),
    ),
    Case(
        "conferences_enter",
        "conferences_enter",
        ("POST", "/conferences/enter"),
        lambda i: Call(
            "POST",
            "/conferences/enter",
            {
                "id": i["alice_conference"],
                "attendee_name": "Bob Intruder",
                "attendee_email": "bob@example.test",
                "register_attendee_to_webinar": True,
            },
        ),
    ),
    Case(
        "conferences_enter_as_moderator",
        "conferences_enter",
        ("POST", "/conferences/enter"),
        lambda i: Call(
            "POST",
            "/conferences/enter",
            {
                "id": i["alice_conference"],
                "attendee_name": "Bob Intruder",
                "attendee_email": i["alice_email"],
                "role": "moderator",
            },
        ),
    ),
    Case(
        "conferences_custom_fields",
        "conferences_custom_fields",
        ("GET", "/conferences/custom_fields/{conference_id}"),
        lambda i: Call("GET", f"/conferences/custom_fields/{i['alice_conference']}"),
    ),
    Case(
        "conferences_associated_sessions",
        "conferences_associated_sessions",
        ("GET", "/conferences/get_associated_sessions/{conference_id}"),
        lambda i: Call("GET", f"/conferences/get_associated_sessions/{i['alice_series']}"),
    ),
    Case(
        "conferences_recurring_children",
        "conferences_recurring_children",
        ("GET", "/conferences/recurring/{conference_id}"),
        lambda i: Call("GET", f"/conferences/recurring/{i['alice_recurring']}"),
    ),
    Case(
        "conferences_create_in_alices_channel",
        "conferences_create",
        ("POST", "/conferences"),
        lambda i: Call(
            "POST", "/conferences", {"channel_id": i["alice_channel"], "title": "Bob's webinar"}
        ),
    ),
    Case(
        "conferences_create_copying_alices_conference",
        "conferences_create",
        ("POST", "/conferences"),
        lambda i: Call(
            "POST",
            "/conferences",
            {
                "channel_id": i["bob_channel"],
                "title": "Bob's copy",
                "conference_copy_id": i["alice_conference"],
            },
        ),
    ),
    Case(
        "conferences_upload_file",
        "conferences_upload_file",
        ("PUT", "/conferences/{conference_id}/upload_file"),
        lambda i: Call(
            "PUT",
            f"/conferences/{i['alice_conference']}/upload_file",
            {"file_url": "https://files.example.test/bob.pdf"},
        ),
    ),
    Case(
        "conferences_delete_file",
        "conferences_delete_file",
        ("PUT", "/conferences/{conference_id}/delete_file/{file_id}"),
        lambda i: Call(
            "PUT", f"/conferences/{i['alice_conference']}/delete_file/{i['alice_file']}"
        ),
    ),
    Case(
        "conferences_delete_file_from_bobs_conference",
        "conferences_delete_file",
        ("PUT", "/conferences/{conference_id}/delete_file/{file_id}"),
        lambda i: Call("PUT", f"/conferences/{i['bob_conference']}/delete_file/{i['alice_file']}"),
    ),
    Case(
        "conferences_delete_file_upload_file_path",
        "conferences_delete_file",
        ("PUT", "/conferences/{conference_id}/upload_file/delete_file/{file_id}"),
        lambda i: Call(
            "PUT",
            f"/conferences/{i['alice_conference']}/upload_file/delete_file/{i['alice_file']}",
        ),
    ),
    Case(
        "conferences_delete_file_upload_file_path_from_bobs_conference",
        "conferences_delete_file",
        ("PUT", "/conferences/{conference_id}/upload_file/delete_file/{file_id}"),
        lambda i: Call(
            "PUT",
            f"/conferences/{i['bob_conference']}/upload_file/delete_file/{i['alice_file']}",
        ),
    ),
    Case(
        "handouts_create",
        "handouts_create",
        ("POST", "/conferences/{conference_id}/add_handout_with_url"),
        lambda i: Call(
            "POST",
            f"/conferences/{i['alice_conference']}/add_handout_with_url",
            {"title": "Bob's handout", "handout_url": "https://files.example.test/bob.pdf"},
        ),
    ),
    Case(
        "handouts_update",
        "handouts_update",
        ("PUT", "/conferences/{handout_id}/update_handout"),
        lambda i: Call(
            "PUT",
            f"/conferences/{i['alice_handout']}/update_handout",
            {"title": "Bob's title", "handout_link": "https://bob.example.test/"},
        ),
    ),
    Case(
        "handouts_delete",
        "handouts_delete",
        ("POST", "/conferences/{handout_id}/delete_handout"),
        lambda i: Call("POST", f"/conferences/{i['alice_handout']}/delete_handout"),
    ),
    Case(
        "handouts_list",
        "handouts_list",
        ("GET", "/conferences/{conference_id}/handouts"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/handouts"),
    ),
    Case(
        "meeting_spaces_create",
        "meeting_spaces_create",
        ("POST", "/meeting_spaces"),
        lambda i: Call(
            "POST", "/meeting_spaces", {"channel_id": i["alice_channel"], "title": "Bob's room"}
        ),
    ),
    Case(
        "meeting_spaces_show",
        "meeting_spaces_show",
        ("GET", "/meeting_spaces/{meeting_space_id}"),
        lambda i: Call("GET", f"/meeting_spaces/{i['alice_meeting_space']}"),
    ),
    Case(
        "meeting_spaces_update",
        "meeting_spaces_update",
        ("PUT", "/meeting_spaces/{meeting_space_id}"),
        lambda i: Call(
            "PUT",
            f"/meeting_spaces/{i['alice_meeting_space']}",
            {"title": "Bob's room", "url": "bobs-room"},
        ),
    ),
    Case(
        "series_create",
        "series_create",
        ("POST", "/series"),
        lambda i: Call("POST", "/series", {"channel_id": i["alice_channel"], "title": "Bob's"}),
    ),
    Case(
        "series_update",
        "series_update",
        ("PUT", "/series"),
        lambda i: Call("PUT", "/series", {"id": i["alice_series"], "title": "Bob's series"}),
    ),
    Case(
        "series_add_bobs_session_to_alices_series",
        "series_add_sessions",
        ("POST", "/series/add_sessions"),
        lambda i: Call(
            "POST",
            "/series/add_sessions",
            {"series_id": i["alice_series"], "session_ids": [i["bob_conference"]]},
        ),
    ),
    Case(
        "series_add_alices_sessions_to_bobs_series",
        "series_add_sessions",
        ("POST", "/series/add_sessions"),
        lambda i: Call(
            "POST",
            "/series/add_sessions",
            {
                "series_id": i["bob_series"],
                "session_ids": [i["alice_session"], i["alice_conference"]],
            },
        ),
    ),
    Case(
        "series_delete_alices_session",
        "series_delete_sessions",
        ("DELETE", "/series"),
        lambda i: Call("DELETE", "/series", {"session_ids": [i["alice_session"]]}),
    ),
    Case(
        "registrations_register",
        "registrations_register",
        ("PUT", "/conferences/register"),
        lambda i: Call(
            "PUT",
            "/conferences/register",
            {
                "id": i["alice_conference"],
                "email": "bob@example.test",
                "first_name": "Bob",
                "last_name": "Intruder",
            },
        ),
    ),
    Case(
        "registrations_register_or_update",
        "registrations_register_or_update",
        ("POST", "/conferences/register_or_update"),
        lambda i: Call(
            "POST",
            "/conferences/register_or_update",
            {
                "id": i["alice_conference"],
                "email": "bob@example.test",
                "first_name": "Bob",
                "last_name": "Intruder",
                "show_full_data": True,
            },
        ),
    ),
    Case(
        "registrations_register_or_update_put",
        "registrations_register_or_update",
        ("PUT", "/conferences/register_or_update"),
        lambda i: Call(
            "PUT",
            "/conferences/register_or_update",
            {
                "id": i["alice_conference"],
                "email": "bob@example.test",
                "first_name": "Bob",
                "last_name": "Intruder",
            },
        ),
    ),
    Case(
        "registrations_unregister",
        "registrations_unregister",
        ("DELETE", "/conferences/register"),
        lambda i: Call(
            "DELETE",
            "/conferences/register",
            {"id": i["alice_conference"], "email": "bob@example.test"},
        ),
    ),
    Case(
        "registrations_check_status",
        "registrations_check_status",
        ("GET", "/conferences/{conference_id}/check_registration_status"),
        lambda i: Call(
            "GET",
            f"/conferences/{i['alice_conference']}/check_registration_status?bmid={i['alice_bmid']}",
        ),
    ),
    Case(
        "registrations_check_status_of_alices_registrant_on_bobs_conference",
        "registrations_check_status",
        ("GET", "/conferences/{conference_id}/check_registration_status"),
        lambda i: Call(
            "GET",
            f"/conferences/{i['bob_conference']}/check_registration_status?bmid={i['alice_bmid']}",
        ),
    ),
    Case(
        "registrations_list",
        "registrations_list",
        ("GET", "/conferences/registrations/{conference_id}"),
        lambda i: Call("GET", f"/conferences/registrations/{i['alice_conference']}"),
    ),
    Case(
        "registrations_with_fields",
        "registrations_with_fields",
        ("GET", "/conferences/registrations_with_fields/{conference_id}"),
        lambda i: Call("GET", f"/conferences/registrations_with_fields/{i['alice_conference']}"),
    ),
    Case(
        "registrations_checked_in",
        "registrations_checked_in",
        ("GET", "/conferences/checked_in_registrants/{conference_id}"),
        lambda i: Call("GET", f"/conferences/checked_in_registrants/{i['alice_conference']}"),
    ),
    *(
        Case(
            operation,
            operation,
            ("GET", f"{path}/{{conference_id}}"),
            lambda i, path=path: Call("GET", f"{path}/{i['alice_conference']}"),
        )
        for operation, path in (
            ("reporting_poll_transcript", "/reporting/conferences/poll_transcript"),
            ("reporting_offer_transcript", "/reporting/conferences/offer_transcript"),
            (
                "reporting_attendance_monitor_data",
                "/reporting/conferences/attendance_monitor_data",
            ),
            ("conferences_survey", "/conferences/survey"),
            ("conferences_handout_download_data", "/conferences/handout_download_data"),
        )
    ),
    Case(
        "conferences_attendees",
        "conferences_attendees",
        ("GET", "/conferences/{conference_id}/attendees"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/attendees"),
    ),
    # Download Statistics Report documents no error: the 404 its section's
    # reports answer for a conference not found.
    Case(
        "conferences_stats",
        "conferences_refresh_analytics_report",
        ("GET", "/conferences/{conference_id}/stats"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/stats?bmid={i['bob_bmid']}"),
    ),
    Case(
        "conferences_refresh_analytics_report",
        "conferences_refresh_analytics_report",
        ("GET", "/conferences/refresh_analytics_report/{conference_id}"),
        lambda i: Call("GET", f"/conferences/refresh_analytics_report/{i['alice_conference']}"),
    ),
    Case(
        "conferences_dial_in_list",
        "conferences_dial_in_list",
        ("GET", "/conferences/dial_in_list/{conference_id}"),
        lambda i: Call("GET", f"/conferences/dial_in_list/{i['alice_conference']}"),
    ),
    *(
        Case(
            f"reporting_{report}",
            f"reporting_{report}",
            ("GET", f"/reporting/conferences/{report}/{{conference_id}}"),
            lambda i, report=report: Call(
                "GET", f"/reporting/conferences/{report}/{i['alice_conference']}"
            ),
        )
        for report in (
            "registrations",
            "live_attendees",
            "no_shows",
            "on_demand_attendees",
            "enter_exit_log",
            "event_summary",
        )
    ),
    Case(
        "registration_block_list_show",
        "registration_block_list_show",
        ("POST", "/registration_block_list/{conference_id}"),
        lambda i: Call(
            "POST", f"/registration_block_list/{i['alice_conference']}", {"list_type": "block_list"}
        ),
    ),
    Case(
        "registration_block_list_add",
        "registration_block_list_add",
        ("POST", "/registration_block_list/{conference_id}"),
        lambda i: Call(
            "POST",
            f"/registration_block_list/{i['alice_conference']}",
            {"list_type": "block_list", "emails": "victim@example.test"},
        ),
    ),
    Case(
        "registration_block_list_remove",
        "registration_block_list_remove",
        ("DELETE", "/registration_block_list/{conference_id}"),
        lambda i: Call(
            "DELETE",
            f"/registration_block_list/{i['alice_conference']}",
            {"list_type": "block_list", "emails": "victim@example.test"},
        ),
    ),
    Case(
        "registration_block_list_enable",
        "registration_block_list_enable",
        ("POST", "/registration_block_list/enable/{conference_id}"),
        lambda i: Call(
            "POST",
            f"/registration_block_list/enable/{i['alice_conference']}",
            {"list_type": "allow_list"},
        ),
    ),
    Case(
        "channels_block_list_show",
        "channels_block_list_show",
        ("GET", "/channels/block_list/{channel_id}"),
        lambda i: Call("GET", f"/channels/block_list/{i['alice_channel']}"),
    ),
    Case(
        "channels_block_list_add",
        "channels_block_list_add",
        ("POST", "/channels/block_list/{channel_id}"),
        lambda i: Call(
            "POST",
            f"/channels/block_list/{i['alice_channel']}",
            {"list_type": "block_list", "emails": "victim@example.test"},
        ),
    ),
    Case(
        "channels_block_list_remove",
        "channels_block_list_remove",
        ("DELETE", "/channels/block_list/{channel_id}"),
        lambda i: Call(
            "DELETE",
            f"/channels/block_list/{i['alice_channel']}",
            {"list_type": "block_list", "emails": "victim@example.test"},
        ),
    ),
    Case(
        "polls_create",
        "polls_create",
        ("POST", "/polls"),
        lambda i: Call(
            "POST",
            "/polls",
            {"conference_id": i["alice_conference"], "question": "Bob's?", "choices": ["A", "B"]},
        ),
    ),
    Case(
        "polls_update",
        "polls_update",
        ("PUT", "/polls"),
        lambda i: Call(
            "PUT",
            "/polls",
            {"poll_id": i["alice_poll"], "question": "Bob's?", "choices": ["X", "Y"]},
        ),
    ),
    Case(
        "polls_set_status",
        "polls_set_status",
        ("PUT", "/polls"),
        lambda i: Call("PUT", "/polls", {"action": "open", "poll_ids": i["alice_poll"]}),
    ),
    Case(
        "polls_set_status_with_bobs_poll",
        "polls_set_status",
        ("PUT", "/polls"),
        lambda i: Call(
            "PUT", "/polls", {"action": "open", "poll_ids": f"{i['bob_poll']},{i['alice_poll']}"}
        ),
    ),
    Case(
        "polls_set_status_of_alices_conference",
        "polls_set_status",
        ("PUT", "/polls"),
        lambda i: Call("PUT", "/polls", {"action": "open", "conference_id": i["alice_conference"]}),
    ),
    Case(
        "polls_delete",
        "polls_delete",
        ("DELETE", "/polls"),
        lambda i: Call("DELETE", "/polls", {"poll_id": i["alice_poll"]}),
    ),
    Case(
        "presenters_create",
        "presenters_create",
        ("POST", "/presenters"),
        lambda i: Call(
            "POST",
            "/presenters",
            {
                "conference_id": i["alice_conference"],
                "presenter_email": "bob-presenter@example.test",
                "presenter_first_name": "Bob",
                "presenter_last_name": "Intruder",
            },
        ),
    ),
    Case(
        "presenters_update",
        "presenters_update",
        ("PUT", "/presenters/{presenter_id}"),
        lambda i: Call(
            "PUT", f"/presenters/{i['alice_presenter']}", {"name": "Bob", "can_manage": True}
        ),
    ),
    Case(
        "presenters_delete",
        "presenters_delete",
        ("DELETE", "/presenters/{presenter_id}"),
        lambda i: Call("DELETE", f"/presenters/{i['alice_presenter']}"),
    ),
    Case(
        "presenters_delete_id_in_body",
        "presenters_delete",
        ("DELETE", "/presenters"),
        lambda i: Call("DELETE", "/presenters", {"presenter_id": i["alice_presenter"]}),
    ),
    Case(
        "conferences_presenters",
        "conferences_presenters",
        ("GET", "/conferences/{conference_id}/presenters"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/presenters"),
    ),
    Case(
        "presenters_list_conferences",
        "presenters_list_conferences",
        ("GET", "/presenters/{presenter_id}/list_conferences"),
        lambda i: Call("GET", f"/presenters/{i['alice_presenter_member']}/list_conferences"),
    ),
    Case(
        "presenters_list_conferences_of_bobs_presenter_in_alices_channel",
        "presenters_list_conferences",
        ("GET", "/presenters/{presenter_id}/list_conferences"),
        lambda i: Call(
            "GET",
            f"/presenters/{i['bob_presenter_member']}/list_conferences"
            f"?channel_id={i['alice_channel']}",
        ),
    ),
    # View Channel Admins documents no error: its section's 404 "Not Found!" is
    # the reply (documented on Add, Update and Remove).
    Case(
        "channel_admins_list",
        "channel_admins_create",
        ("GET", "/channel_admins/{channel_url}"),
        lambda i: Call("GET", f"/channel_admins/{i['alice_channel']}"),
    ),
    Case(
        "channel_admins_list_channel_url_in_query",
        "channel_admins_create",
        ("GET", "/channel_admins"),
        lambda i: Call("GET", f"/channel_admins?channel_url={i['alice_channel']}"),
    ),
    Case(
        "channel_admins_create",
        "channel_admins_create",
        ("POST", "/channel_admins"),
        lambda i: Call(
            "POST",
            "/channel_admins",
            {"channel_id": i["alice_channel"], "email": "bob-admin@example.test"},
        ),
    ),
    Case(
        "channel_admins_update",
        "channel_admins_update",
        ("PUT", "/channel_admins/{admin_id}"),
        lambda i: Call(
            "PUT", f"/channel_admins/{i['alice_admin']}", {"title": "Bob's", "status": "paused"}
        ),
    ),
    Case(
        "channel_admins_delete",
        "channel_admins_delete",
        ("DELETE", "/channel_admins"),
        lambda i: Call("DELETE", "/channel_admins", {"admin_id": i["alice_admin"]}),
    ),
    Case(
        "channels_show",
        "channels_show",
        ("GET", "/channels/{channel_id}"),
        lambda i: Call("GET", f"/channels/{i['alice_channel']}"),
    ),
    Case(
        "channels_show_subchannel",
        "channels_show",
        ("GET", "/channels/{channel_id}"),
        lambda i: Call("GET", f"/channels/{i['alice_subchannel']}"),
    ),
    Case(
        "channels_create_subchannel",
        "channels_create_subchannel",
        ("POST", "/channels"),
        lambda i: Call(
            "POST",
            "/channels",
            {
                "master_channel_id": i["alice_channel"],
                "channel_name": "Bob's sub-channel",
                "channel_url": f"bob-sub-{i['bob_channel']}",
                "organizer_email": "bob-organizer@example.test",
            },
        ),
    ),
    Case(
        "channels_list_subchannels",
        "channels_list_subchannels",
        ("GET", "/channels/sub_channels/{channel_url}"),
        lambda i: Call("GET", f"/channels/sub_channels/{i['alice_channel']}"),
    ),
    Case(
        "channels_remove_subchannel",
        "channels_remove_subchannel",
        ("DELETE", "/channels/{channel_url}"),
        lambda i: Call("DELETE", f"/channels/{i['alice_subchannel']}", {"xx": "xx"}),
    ),
    Case(
        "channels_conferences",
        "channels_conferences",
        ("GET", "/channels/{channel_url}/conferences"),
        lambda i: Call("GET", f"/channels/{i['alice_channel']}/conferences?timing=all"),
    ),
    Case(
        "channels_registrations",
        "channels_registrations",
        ("GET", "/conferences/registrations/channel/{channel_id}"),
        lambda i: Call("GET", f"/conferences/registrations/channel/{i['alice_channel']}"),
    ),
    Case(
        "channels_subscribers",
        "channels_subscribers",
        ("GET", "/channels/{channel_id}/subscribers"),
        lambda i: Call("GET", f"/channels/{i['alice_channel']}/subscribers"),
    ),
    Case(
        "channels_add_subscriber",
        "channels_add_subscriber",
        ("POST", "/channels/{channel_id}/add_subscriber"),
        lambda i: Call(
            "POST",
            f"/channels/{i['alice_channel']}/add_subscriber",
            {"email": "bob-subscriber@example.test", "first_name": "Bob"},
        ),
    ),
    Case(
        "channels_add_subscriber_get",
        "channels_add_subscriber",
        ("GET", "/channels/{channel_id}/add_subscriber"),
        lambda i: Call(
            "GET",
            f"/channels/{i['alice_channel']}/add_subscriber?email=bob-subscriber@example.test",
        ),
    ),
    Case(
        "channels_add_subscriber_put",
        "channels_add_subscriber",
        ("PUT", "/channels/{channel_id}/add_subscriber"),
        lambda i: Call(
            "PUT",
            f"/channels/{i['alice_channel']}/add_subscriber",
            {"email": "bob-subscriber@example.test", "first_name": "Bob"},
        ),
    ),
    Case(
        "channels_remove_subscriber",
        "channels_remove_subscriber",
        ("DELETE", "/channels/{channel_id}/remove_subscriber"),
        lambda i: Call(
            "DELETE",
            f"/channels/{i['alice_channel']}/remove_subscriber",
            {"email": i["alice_subscriber"]},
        ),
    ),
    # List conferences by registered user documents no error: it answers like
    # List Channel Registrants, the section's other per-person channel listing.
    Case(
        "channels_list_registered_conferences",
        "channels_registrations",
        ("GET", "/channels/{channel_id}/list_registered_conferences"),
        lambda i: Call(
            "GET",
            f"/channels/{i['alice_channel']}/list_registered_conferences"
            f"?email={i['alice_registrant']}",
        ),
    ),
    # One route for "Delete all of a user's data" and "Delete a user data from
    # your channel" (which documents no error).
    Case(
        "channels_delete_member",
        "channels_delete_member_data",
        ("DELETE", "/channels/{channel_url}/delete_member"),
        lambda i: Call(
            "DELETE", f"/channels/{i['alice_channel']}/delete_member?email={i['alice_registrant']}"
        ),
    ),
    Case(
        "categories_create",
        "categories_create",
        ("POST", "/category"),
        lambda i: Call(
            "POST", "/category", {"channel_id": i["alice_channel"], "category_name": "Bob's"}
        ),
    ),
    Case(
        "categories_delete",
        "categories_delete",
        ("DELETE", "/category"),
        lambda i: Call(
            "DELETE",
            "/category",
            {"channel_id": i["alice_channel"], "category_name": i["alice_category"]},
        ),
    ),
    Case(
        "categories_add_conference",
        "categories_add_conference",
        ("POST", "/category/add_conference"),
        lambda i: Call(
            "POST",
            "/category/add_conference",
            {
                "channel_id": i["alice_channel"],
                "category_name": i["alice_category"],
                "conference_id": i["bob_conference"],
            },
        ),
    ),
    Case(
        "categories_add_alices_conference_to_bobs_category",
        "categories_add_conference",
        ("POST", "/category/add_conference"),
        lambda i: Call(
            "POST",
            "/category/add_conference",
            {
                "channel_id": i["bob_channel"],
                "category_name": i["bob_category"],
                "conference_id": i["alice_conference"],
            },
        ),
    ),
    Case(
        "categories_remove_conference",
        "categories_remove_conference",
        ("DELETE", "/category/remove_conference"),
        lambda i: Call(
            "DELETE",
            "/category/remove_conference",
            {
                "channel_id": i["alice_channel"],
                "category_name": i["alice_category"],
                "conference_id": i["alice_conference"],
            },
        ),
    ),
    Case(
        "categories_remove_alices_conference_from_bobs_category",
        "categories_remove_conference",
        ("DELETE", "/category/remove_conference"),
        lambda i: Call(
            "DELETE",
            "/category/remove_conference",
            {
                "channel_id": i["bob_channel"],
                "category_name": i["bob_category"],
                "conference_id": i["alice_conference"],
            },
        ),
    ),
    Case(
        "reporting_chat_transcript",
        "reporting_chat_transcript",
        ("GET", "/reporting/conferences/chat_transcript/{conference_id}"),
        lambda i: Call("GET", f"/reporting/conferences/chat_transcript/{i['alice_conference']}"),
    ),
    Case(
        "custom_emails_email_analytics",
        "custom_emails_email_analytics",
        ("GET", "/custom_emails/{custom_email_id}/email_analytics"),
        lambda i: Call(
            "GET",
            f"/custom_emails/{i['alice_conference']}.registration_confirmation/email_analytics",
        ),
    ),
    Case(
        "custom_emails_suppressions",
        "custom_emails_suppressions",
        ("GET", "/custom_emails/{custom_email_id}/suppressions"),
        lambda i: Call(
            "GET", f"/custom_emails/{i['alice_conference']}.registration_confirmation/suppressions"
        ),
    ),
    Case(
        "custom_emails_email_statistics_data",
        "custom_emails_email_statistics_data",
        ("GET", "/custom_emails/email_statistics_data"),
        lambda i: Call(
            "GET", f"/custom_emails/email_statistics_data?conference_id={i['alice_conference']}"
        ),
    ),
    Case(
        "custom_emails_email_statistics_data_by_id",
        "custom_emails_email_statistics_data",
        ("GET", "/custom_emails/email_statistics_data"),
        lambda i: Call(
            "GET",
            "/custom_emails/email_statistics_data"
            f"?custom_email_id={i['alice_conference']}.registration_confirmation",
        ),
    ),
    Case(
        "reporting_q_and_a_transcript",
        "reporting_q_and_a_transcript",
        ("GET", "/reporting/conferences/q_and_a_transcript/{conference_id}"),
        lambda i: Call("GET", f"/reporting/conferences/q_and_a_transcript/{i['alice_conference']}"),
    ),
    Case(
        "conferences_activity_logs",
        "conferences_activity_logs",
        ("GET", "/conferences/{conference_id}/activity_logs"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/activity_logs"),
    ),
    # The transcript and admin URLs document no error: the reports' 404 for a
    # conference not found is theirs too.
    Case(
        "conferences_transcript",
        "reporting_chat_transcript",
        ("GET", "/conferences/{conference_id}/transcript"),
        lambda i: Call(
            "GET",
            f"/conferences/{i['alice_conference']}/transcript?bmid={i['alice_presenter_member']}",
        ),
    ),
    Case(
        "conferences_admin_url",
        "reporting_chat_transcript",
        ("GET", "/conferences/{conference_id}/admin_url"),
        lambda i: Call(
            "GET",
            f"/conferences/{i['alice_conference']}/admin_url?bmid={i['alice_presenter_member']}",
        ),
    ),
    Case(
        "conferences_recording_status",
        "conferences_recording_status",
        ("GET", "/conferences/{conference_id}/recording"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/recording"),
    ),
    Case(
        "conferences_publish_recording",
        "conferences_publish_recording",
        ("GET", "/conferences/{conference_id}/publish_recording"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/publish_recording"),
    ),
    Case(
        "conferences_unpublish_recording",
        "conferences_unpublish_recording",
        ("GET", "/conferences/{conference_id}/unpublish_recording"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/unpublish_recording"),
    ),
    Case(
        "conferences_recording_views",
        "conferences_recording_views",
        ("GET", "/conferences/{conference_id}/recording_views"),
        lambda i: Call("GET", f"/conferences/{i['alice_conference']}/recording_views"),
    ),
]

# Routes that take no id of anyone's: Bob's answer is his own data, checked below.
LISTINGS = {("GET", "/conferences"), ("POST", "/conferences/search"), ("GET", "/channels")}
# Need no key: see test_members_login.py, and test_webhook_payloads.py for the
# registration webhook (its URL's token names the account and the conference).
EXCLUDED = {("POST", "/members/login"), ("POST", "/webhooks/registrations/{token}")}


def test_the_matrix_covers_every_bigmarker_route() -> None:
    covered = {case.route for case in CASES} | LISTINGS | EXCLUDED
    assert bigmarker_routes() - covered == set()
    assert covered - bigmarker_routes() == set()


@dataclass
class World:
    """Everything an account owns, by role; ``titles`` are the titles it gave them."""

    tenant: Tenant
    ids: dict[str, str] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _upload_file(http: httpx.Client, world: World) -> str:
    file: dict[str, Any] = _ok(
        http.put(
            f"{API}/conferences/{world.ids['conference']}/upload_file",
            headers=world.tenant.headers,
            json={"file_url": "https://files.example.test/slides.pdf"},
        )
    )
    return str(file["id"])


def _build_world(http: httpx.Client, tenant: Tenant, label: str) -> World:
    world = World(tenant)
    # The account's own address: it enters any of its conferences as the organiser.
    world.ids["email"] = tenant.email
    headers = tenant.headers
    world.ids["channel"] = tenant.channel_id
    marker = new_id()

    def title(what: str) -> str:
        text = f"{label} {what} {marker}"
        world.titles.append(text)
        return text

    def conference(**body: Any) -> dict[str, Any]:
        created: dict[str, Any] = _ok(
            http.post(
                f"{API}/conferences",
                headers=headers,
                json={"channel_id": tenant.channel_id, **body},
            )
        )
        return created

    world.ids["conference"] = conference(
        title=title("webinar"),
        start_time="2031-03-01 10:00",
        custom_fields=[
            {"field_name": "Company", "field_type": "text", "required": True, "api_name": "co"}
        ],
    )["id"]
    recurring = conference(
        title=title("recurring"),
        schedule_type="multiple_times",
        recurring_start_times=["2031-04-01 10:00", "2031-04-08 10:00"],
    )
    world.ids["recurring"] = recurring["id"]
    children = _ok(http.get(f"{API}/conferences/recurring/{recurring['id']}", headers=headers))[
        "child_conferences"
    ]
    assert len(children) == 2
    for number, child in enumerate(children):
        world.ids[f"child{number}"] = child["id"]
    world.ids["session"] = conference(title=title("session"), start_time="2031-05-01 10:00")["id"]
    series = _ok(
        http.post(
            f"{API}/series",
            headers=headers,
            json={"channel_id": tenant.channel_id, "title": title("series")},
        )
    )
    world.ids["series"] = series["id"]
    _ok(
        http.post(
            f"{API}/series/add_sessions",
            headers=headers,
            json={"series_id": series["id"], "session_ids": [world.ids["session"]]},
        )
    )
    handout = _ok(
        http.post(
            f"{API}/conferences/{world.ids['conference']}/add_handout_with_url",
            headers=headers,
            json={"title": title("handout"), "handout_url": "https://files.example.test/h.pdf"},
        )
    )
    world.ids["handout"] = handout["id"]
    world.ids["file"] = _upload_file(http, world)
    space = _ok(
        http.post(
            f"{API}/meeting_spaces",
            headers=headers,
            json={"channel_id": tenant.channel_id, "title": title("room")},
        )
    )
    world.ids["meeting_space"] = space["id"]
    poll = _ok(
        http.post(
            f"{API}/polls",
            headers=headers,
            json={
                "conference_id": world.ids["conference"],
                "question": title("poll"),
                "choices": [title("choice"), "No"],
            },
        )
    )
    world.ids["poll"] = poll["id"]
    world.ids["poll_choice"] = poll["choices"][0]["id"]
    registrant = f"registrant-{new_id()}@example.test"
    registered = _ok(
        http.put(
            f"{API}/conferences/register",
            headers=headers,
            data={
                "id": world.ids["conference"],
                "email": registrant,
                "first_name": title("first"),
                "last_name": "Registrant",
            },
        )
    )
    world.ids["bmid"] = registered["conference_url"].rsplit("bmid=", 1)[1]
    world.titles.append(registrant)
    world.ids["registrant"] = registrant
    organizer = f"organizer-{new_id()}@example.test"
    subchannel = _ok(
        http.post(
            f"{API}/channels",
            headers=headers,
            json={
                "master_channel_id": tenant.channel_id,
                "channel_name": title("subchannel"),
                "channel_url": f"{label.lower()}-sub-{marker}",
                "organizer_email": organizer,
                "organizer_first_name": title("organizer"),
            },
        )
    )
    world.ids["subchannel"] = subchannel["channel_id"]
    world.titles.append(organizer)
    subscriber = f"subscriber-{new_id()}@example.test"
    _ok(
        http.post(
            f"{API}/channels/{tenant.channel_id}/add_subscriber",
            headers=headers,
            json={"email": subscriber, "first_name": title("subscriber")},
        )
    )
    world.ids["subscriber"] = subscriber
    world.ids["category"] = title("category")
    _ok(
        http.post(
            f"{API}/category",
            headers=headers,
            json={"channel_id": tenant.channel_id, "category_name": world.ids["category"]},
        )
    )
    _ok(
        http.post(
            f"{API}/category/add_conference",
            headers=headers,
            json={
                "channel_id": tenant.channel_id,
                "category_name": world.ids["category"],
                "conference_id": world.ids["conference"],
            },
        )
    )
    presenter_email = f"presenter-{new_id()}@example.test"
    presenter = _ok(
        http.post(
            f"{API}/presenters",
            headers=headers,
            json={
                "conference_id": world.ids["conference"],
                "presenter_email": presenter_email,
                "presenter_first_name": title("presenter"),
                "presenter_last_name": "Presenter",
                "title": title("presenter title"),
            },
        )
    )
    world.ids["presenter"] = presenter["presenter_id"]
    world.ids["presenter_member"] = presenter["member_id"]
    world.titles.append(presenter_email)
    admin_email = f"admin-{new_id()}@example.test"
    admin = _ok(
        http.post(
            f"{API}/channel_admins",
            headers=headers,
            json={"channel_id": tenant.channel_id, "email": admin_email, "bio": title("bio")},
        )
    )
    world.ids["admin"] = admin["admin_id"]
    world.titles.append(admin_email)
    return world


@pytest.fixture(scope="module")
def alice_world(
    http: httpx.Client, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> World:
    world = _build_world(http, create_tenant(settings, "Alice Tenancy"), "Alice")
    # Recorded, so the recording routes have something of Alice's to refuse.
    store_mp4(settings, world.tenant, world.ids["conference"], tmp_path_factory.mktemp("recording"))
    return world


@pytest.fixture(scope="module")
def bob_world(http: httpx.Client, settings: Settings) -> World:
    return _build_world(http, create_tenant(settings, "Bob Tenancy"), "Bob")


def _snapshot(http: httpx.Client, world: World) -> dict[str, Any]:
    """Everything Alice can read about her objects."""
    headers, ids = world.tenant.headers, world.ids
    paths = [
        *(
            f"/conferences/{ids[name]}"
            for name in ("conference", "recurring", "child0", "child1", "session", "series")
        ),
        f"/conferences/{ids['meeting_space']}",
        f"/meeting_spaces/{ids['meeting_space']}",
        f"/conferences/custom_fields/{ids['conference']}",
        f"/conferences/{ids['conference']}/recording",
        f"/conferences/{ids['conference']}/recording_views",
        f"/conferences/{ids['conference']}/handouts",
        f"/conferences/recurring/{ids['recurring']}",
        f"/conferences/get_associated_sessions/{ids['series']}",
        f"/conferences/registrations/{ids['conference']}",
        f"/channels/block_list/{ids['channel']}",
        f"/channels/block_list/{ids['channel']}?list_type=allow_list",
        f"/conferences/registrations_with_fields/{ids['conference']}",
        f"/conferences/{ids['conference']}/check_registration_status?bmid={ids['bmid']}",
        "/conferences?type=all&per_page=100",
        "/conferences?include_series=true&per_page=100",
        "/conferences?type=always_open&per_page=100",
        f"/conferences/{ids['conference']}/presenters",
        f"/presenters/{ids['presenter_member']}/list_conferences",
        f"/channel_admins/{ids['channel']}",
        "/channels",
        f"/channels/{ids['channel']}",
        f"/channels/{ids['subchannel']}",
        f"/channels/sub_channels/{ids['channel']}",
        f"/channels/{ids['channel']}/conferences?timing=all",
        f"/conferences/registrations/channel/{ids['channel']}",
        f"/channels/{ids['channel']}/subscribers",
        f"/channels/{ids['channel']}/list_registered_conferences?email={ids['registrant']}",
    ]
    return {path: _ok(http.get(API + path, headers=headers)) for path in paths}


def _ids_for(alice: World, bob: World, *, missing: bool) -> dict[str, str]:
    ids = {f"bob_{name}": value for name, value in bob.ids.items()}
    for name, value in alice.ids.items():
        ids[f"alice_{name}"] = new_id() if missing else value
    return ids


def _documented_statuses(operation: dict[str, Any]) -> set[int]:
    return {error["status"] for error in operation["errors"]} & REFUSALS


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bobs_key_cannot_reach_alices_objects(
    case: Case,
    http: httpx.Client,
    alice_world: World,
    bob_world: World,
    bigmarker_operations: dict[str, dict[str, Any]],
) -> None:
    before = _snapshot(http, alice_world)
    bob = bob_world.tenant.headers
    missing = case.build(_ids_for(alice_world, bob_world, missing=True)).send(http, bob)
    call = case.build(_ids_for(alice_world, bob_world, missing=False))
    response = call.send(http, bob)

    assert response.status_code in _documented_statuses(bigmarker_operations[case.operation])
    assert (response.status_code, response.json()) == (missing.status_code, missing.json())
    sent = call.path + repr(call.body)
    for secret in [*alice_world.ids.values(), *alice_world.titles]:
        if secret not in sent:
            assert secret not in response.text
    assert _snapshot(http, alice_world) == before
    if "file" in case.id:
        # Files cannot be read back; Alice deleting hers proves it was still there.
        for path in (
            f"/conferences/{alice_world.ids['conference']}/delete_file/{alice_world.ids['file']}",
        ):
            _ok(http.put(API + path, headers=alice_world.tenant.headers))
        alice_world.ids["file"] = _upload_file(http, alice_world)


@pytest.fixture
def bob_listings(
    http: httpx.Client,
    bob_world: World,
    alice_world: World,
    bigmarker_operations: dict[str, Any],
) -> str:
    """Every listing and search Bob can make, as one text."""
    headers, alice = bob_world.tenant.headers, alice_world.ids
    answers = []
    (type_param,) = (
        p
        for p in bigmarker_operations["conferences_list"]["request"]["params"]
        if p["name"] == "type"
    )
    list_types = type_param["allowed_values"]
    for list_type in list_types:
        answers.append(
            _ok(http.get(f"{API}/conferences?type={list_type}&per_page=500", headers=headers))
        )
    answers.append(_ok(http.get(f"{API}/conferences?include_series=true", headers=headers)))
    for title in alice_world.titles:
        answers.append(
            _ok(http.get(f"{API}/conferences", params={"query": title}, headers=headers))
        )
    searches: list[dict[str, Any]] = [
        {},
        {"conference_ids": list(alice.values())},
        {"conference_ids": ",".join(alice.values())},
        *({"title": title} for title in alice_world.titles),
        *(
            {"type": kind}
            for kind in ("recurring_parent", "recurring_child", "meetingspace", "live_webinar")
        ),
        {"presenter_member_ids": [alice["presenter_member"]]},
    ]
    for search in searches:
        answers.append(_ok(http.post(f"{API}/conferences/search", headers=headers, json=search)))
    answers.append(_ok(http.get(f"{API}/channels", headers=headers)))
    return repr(answers)


def test_bobs_listings_and_searches_hold_only_his_conferences(
    bob_listings: str, alice_world: World, bob_world: World
) -> None:
    for secret in [*alice_world.ids.values(), *alice_world.titles]:
        assert secret not in bob_listings
    # The listings did run over Bob's own conferences.
    for name in ("conference", "recurring", "session", "series", "meeting_space"):
        assert bob_world.ids[name] in bob_listings


def _any_call(method: str, path: str) -> Call:
    filled = re.sub(r"\{[a-z_]+\}", lambda _: new_id(), path)
    body = None if method == "GET" else {"title": "x", "channel_id": new_id()}
    return Call(method, filled, body)


NO_KEY_ROUTES = sorted(bigmarker_routes() - EXCLUDED)


@pytest.mark.parametrize(
    "headers",
    [{}, {"API-KEY": ""}, {"API-KEY": "not-a-key"}, {"API-KEY": "wm_" + "0" * 40}],
    ids=["no header", "empty", "garbage", "well-formed unknown"],
)
@pytest.mark.parametrize("route", NO_KEY_ROUTES, ids=[" ".join(r) for r in NO_KEY_ROUTES])
def test_every_route_refuses_a_missing_or_wrong_key(
    route: tuple[str, str],
    headers: dict[str, str],
    http: httpx.Client,
    bigmarker_reference: dict[str, Any],
) -> None:
    expected = bigmarker_reference["api"]["auth"]["missing_or_invalid_key_error"]
    response = _any_call(*route).send(http, headers)
    assert response.status_code == expected["status"]
    assert response.json() == expected["body_normalized"]


def test_a_wrong_key_does_not_reach_real_objects(
    http: httpx.Client, alice_world: World, bigmarker_reference: dict[str, Any]
) -> None:
    expected = bigmarker_reference["api"]["auth"]["missing_or_invalid_key_error"]
    before = _snapshot(http, alice_world)
    ids = _ids_for(alice_world, alice_world, missing=False)
    for case in CASES:
        for headers in ({}, {"API-KEY": alice_world.tenant.api_key + "x"}):
            response = case.build(ids).send(http, headers)
            assert (response.status_code, response.json()) == (
                expected["status"],
                expected["body_normalized"],
            ), case.id
    assert _snapshot(http, alice_world) == before
