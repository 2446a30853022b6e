# Written by tools/unasync_sdk.py from _async/bigmarker_conferences.py:
# change that file, then `make sdk`.
"""BigMarker "Manage Conferences": ``client.conferences``, ``client.handouts``
and ``client.series`` (docs/sdk.md lists each method's call)."""

from __future__ import annotations

import builtins
from collections.abc import Iterator

from webinarium.client._answers import compact, parse, reader
from webinarium.client._bigmarker import (
    conference_of,
    id_list,
    one_or_many,
    parse_list,
    success_of,
)
from webinarium.client._sync._path import PathClient
from webinarium.client._sync.bigmarker_paging import bigmarker_pages
from webinarium.client.models.bigmarker import (
    ActivityLog,
    AdminLink,
    AnalyticsReportStatus,
    Conference,
    CustomField,
    DialIn,
    EnterLink,
    Handout,
    HandoutDownload,
    PreloadedFile,
    PublishedStatus,
    RecordingStatus,
    RecordingView,
    SeriesLink,
    StatsReport,
    Success,
    SurveyQuestion,
    TranscriptLink,
)


class Conferences:
    """The conferences of the account's channels."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def get(self, conference_id: str) -> Conference:
        """Show Conference: ``GET /conferences/{conference_id}``."""
        return conference_of(self._client.request("GET", f"conferences/{conference_id}"))

    def list(
        self,
        *,
        type: str | None = None,
        role: str | None = None,
        query: str | None = None,
        start_time: int | str | None = None,
        end_time: int | str | None = None,
        include_series: bool | None = None,
        per_page: int | None = None,
    ) -> Iterator[Conference]:
        """List Conferences: ``GET /conferences``, page after page. ``type``:
        future (the default), past, all, multiple_times,
        future_do_not_include_happening, future_with_24_hour_room,
        past_with_recording, always_open, happening_now; ``role``: all,
        hosting, attending; ``start_time`` / ``end_time`` in Unix seconds."""
        params = {
            "type": type,
            "role": role,
            "query": query,
            "start_time": start_time,
            "end_time": end_time,
            "include_series": include_series,
        }
        return bigmarker_pages(
            self._client,
            "conferences",
            "conferences",
            reader(Conference),
            params=params,
            per_page=per_page,
        )

    def search(
        self,
        *,
        title: str | None = None,
        start_time: int | str | None = None,
        end_time: int | str | None = None,
        conference_ids: str | builtins.list[str] | None = None,
        presenter_member_ids: str | builtins.list[str] | None = None,
        role: str | None = None,
        type: str | None = None,
        per_page: int | None = None,
    ) -> Iterator[Conference]:
        """Search Conferences: ``POST /conferences/search`` (filters in the
        JSON body), page after page. The answer is read whether it is the
        table's ``{"conferences": […]}`` or the example's bare array. Ids:
        a list, or one string of comma-separated ids."""
        body = {
            "title": title,
            "start_time": start_time,
            "end_time": end_time,
            "conference_ids": id_list(conference_ids),
            "presenter_member_ids": id_list(presenter_member_ids),
            "role": role,
            "type": type,
        }
        return bigmarker_pages(
            self._client,
            "conferences/search",
            "conferences",
            reader(Conference),
            method="POST",
            body=body,
            per_page=per_page,
        )

    def associated_sessions(
        self, conference_id: str, *, per_page: int | None = None
    ) -> Iterator[Conference]:
        """Get Associated Sessions: ``GET
        /conferences/get_associated_sessions/{conference_id}``, page after page."""
        return bigmarker_pages(
            self._client,
            f"conferences/get_associated_sessions/{conference_id}",
            "conferences",
            reader(Conference),
            per_page=per_page,
        )

    def recurring(
        self,
        conference_id: str,
        *,
        start_time: int | str | None = None,
        end_time: int | str | None = None,
        per_page: int | None = None,
    ) -> Iterator[Conference]:
        """Search Recurring Conferences: ``GET /conferences/recurring/{conference_id}``,
        the sessions of a recurring webinar, page after page (the table's
        ``{"child_conferences": […]}`` or the example's bare array)."""
        return bigmarker_pages(
            self._client,
            f"conferences/recurring/{conference_id}",
            "child_conferences",
            reader(Conference),
            params={"start_time": start_time, "end_time": end_time},
            per_page=per_page,
        )

    def create(
        self,
        *,
        channel_id: str,
        title: str,
        conference_copy_id: str | None = None,
        presenter_exit_url: str | None = None,
        sub_url: str | None = None,
        enable_dial_in: bool | None = None,
        purpose: str | None = None,
        time_zone: str | None = None,
        room_logo: str | None = None,
        conference_logo: str | None = None,
        apply_conference_logo_to_channel: bool | None = None,
        room_sub_title: str | None = None,
        schedule_type: str | None = None,
        start_time: str | None = None,
        recurring_start_times: builtins.list[str] | None = None,
        webcast_mode: str | None = None,
        duration_minutes: int | str | None = None,
        who_can_watch_recording: str | None = None,
        presenter_advanced_enter_time: int | str | None = None,
        attendee_advanced_enter_time: int | str | None = None,
        privacy: str | None = None,
        webinar_format: str | None = None,
        ondemand_video_url: str | None = None,
        enable_knock_to_enter: bool | None = None,
        registration_conf_emails: bool | None = None,
        send_notification_emails_to_presenters: bool | None = None,
        send_reminder_emails_to_presenters: bool | None = None,
        show_reviews: bool | None = None,
        review_emails: bool | None = None,
        poll_results: bool | None = None,
        enable_ie_safari: bool | None = None,
        enable_twitter: bool | None = None,
        send_cancellation_email: bool | None = None,
        webhook_url: str | None = None,
        exit_url: str | None = None,
        enable_create_webinar_reg_webhook: bool | None = None,
        enable_new_reg_webhook: bool | None = None,
        new_reg_webhook_url: str | None = None,
        enable_webinar_start_webhook: bool | None = None,
        webinar_start_webhook_url: str | None = None,
        enable_waiting_room_open_webhook: bool | None = None,
        waiting_room_open_webhook_url: str | None = None,
        enable_webinar_end_webhook: bool | None = None,
        webinar_end_webhook_url: str | None = None,
        enable_live_attendee_data_webhook: bool | None = None,
        live_attendee_data_webhook_url: str | None = None,
        enable_on_demand_viewer_webhook: bool | None = None,
        on_demand_viewer_webhook_url: str | None = None,
        registration_required_to_view_recording: bool | None = None,
        channel_admin_id: str | None = None,
        background_image_url: str | None = None,
        room_type: str | None = None,
        display_language: str | None = None,
        show_handout_on_page: bool | None = None,
        banner_filter_percentage: int | str | None = None,
        icon: str | None = None,
        webinar_tags: builtins.list[dict[str, str]] | None = None,
    ) -> Conference:
        """Create a Conference: ``POST /conferences`` (JSON). ``start_time``:
        "YYYY-MM-DD HH:MM" on ``time_zone``'s clock; ``webinar_tags``:
        ``[{"tag_api_name": "value"}]``."""
        body = compact(
            {
                "channel_id": channel_id,
                "title": title,
                "conference_copy_id": conference_copy_id,
                "presenter_exit_url": presenter_exit_url,
                "sub_url": sub_url,
                "enable_dial_in": enable_dial_in,
                "purpose": purpose,
                "time_zone": time_zone,
                "room_logo": room_logo,
                "conference_logo": conference_logo,
                "apply_conference_logo_to_channel": apply_conference_logo_to_channel,
                "room_sub_title": room_sub_title,
                "schedule_type": schedule_type,
                "start_time": start_time,
                "recurring_start_times": recurring_start_times,
                "webcast_mode": webcast_mode,
                "duration_minutes": duration_minutes,
                "who_can_watch_recording": who_can_watch_recording,
                "presenter_advanced_enter_time": presenter_advanced_enter_time,
                "attendee_advanced_enter_time": attendee_advanced_enter_time,
                "privacy": privacy,
                "webinar_format": webinar_format,
                "ondemand_video_url": ondemand_video_url,
                "enable_knock_to_enter": enable_knock_to_enter,
                "registration_conf_emails": registration_conf_emails,
                "send_notification_emails_to_presenters": send_notification_emails_to_presenters,
                "send_reminder_emails_to_presenters": send_reminder_emails_to_presenters,
                "show_reviews": show_reviews,
                "review_emails": review_emails,
                "poll_results": poll_results,
                "enable_ie_safari": enable_ie_safari,
                "enable_twitter": enable_twitter,
                "send_cancellation_email": send_cancellation_email,
                "webhook_url": webhook_url,
                "exit_url": exit_url,
                "enable_create_webinar_reg_webhook": enable_create_webinar_reg_webhook,
                "enable_new_reg_webhook": enable_new_reg_webhook,
                "new_reg_webhook_url": new_reg_webhook_url,
                "enable_webinar_start_webhook": enable_webinar_start_webhook,
                "webinar_start_webhook_url": webinar_start_webhook_url,
                "enable_waiting_room_open_webhook": enable_waiting_room_open_webhook,
                "waiting_room_open_webhook_url": waiting_room_open_webhook_url,
                "enable_webinar_end_webhook": enable_webinar_end_webhook,
                "webinar_end_webhook_url": webinar_end_webhook_url,
                "enable_live_attendee_data_webhook": enable_live_attendee_data_webhook,
                "live_attendee_data_webhook_url": live_attendee_data_webhook_url,
                "enable_on_demand_viewer_webhook": enable_on_demand_viewer_webhook,
                "on_demand_viewer_webhook_url": on_demand_viewer_webhook_url,
                "registration_required_to_view_recording": registration_required_to_view_recording,
                "channel_admin_id": channel_admin_id,
                "background_image_url": background_image_url,
                "room_type": room_type,
                "display_language": display_language,
                "show_handout_on_page": show_handout_on_page,
                "banner_filter_percentage": banner_filter_percentage,
                "icon": icon,
                "webinar_tags": webinar_tags,
            }
        )
        return conference_of(self._client.request("POST", "conferences", json=body))

    def update(
        self,
        conference_id: str,
        *,
        title: str | None = None,
        presenter_exit_url: str | None = None,
        start_time: str | None = None,
        recurring_start_times: builtins.list[str] | None = None,
        purpose: str | None = None,
        time_zone: str | None = None,
        room_logo: str | None = None,
        conference_logo: str | None = None,
        apply_conference_logo_to_channel: bool | None = None,
        room_sub_title: str | None = None,
        webcast_mode: str | None = None,
        schedule_type: str | None = None,
        duration_hours: int | str | None = None,
        duration_minutes: int | str | None = None,
        room_type: str | None = None,
        who_can_watch_recording: str | None = None,
        presenter_advanced_enter_time: int | str | None = None,
        attendee_advanced_enter_time: int | str | None = None,
        enable_dial_in: bool | None = None,
        privacy: str | None = None,
        send_reminder_emails_to_presenters: bool | None = None,
        registration_conf_emails: bool | None = None,
        show_reviews: bool | None = None,
        review_emails: bool | None = None,
        poll_results: bool | None = None,
        enable_ie_safari: bool | None = None,
        enable_twitter: bool | None = None,
        send_cancellation_email: bool | None = None,
        background_image_url: str | None = None,
        webhook_url: str | None = None,
        exit_url: str | None = None,
        registration_required_to_view_recording: bool | None = None,
        sub_url: str | None = None,
        display_language: str | None = None,
        enable_knock_to_enter: bool | None = None,
        banner_filter_percentage: int | str | None = None,
        icon: str | None = None,
        enable_create_webinar_reg_webhook: bool | None = None,
        enable_new_reg_webhook: bool | None = None,
        new_reg_webhook_url: str | None = None,
        enable_webinar_start_webhook: bool | None = None,
        webinar_start_webhook_url: str | None = None,
        enable_waiting_room_open_webhook: bool | None = None,
        waiting_room_open_webhook_url: str | None = None,
        enable_webinar_end_webhook: bool | None = None,
        webinar_end_webhook_url: str | None = None,
        enable_live_attendee_data_webhook: bool | None = None,
        live_attendee_data_webhook_url: str | None = None,
        enable_on_demand_viewer_webhook: bool | None = None,
        on_demand_viewer_webhook_url: str | None = None,
        webinar_tags: builtins.list[dict[str, str]] | None = None,
    ) -> Conference:
        """Update a Conference: ``PUT /conferences/{conference_id}`` (JSON),
        only the fields given."""
        body = compact(
            {
                "title": title,
                "presenter_exit_url": presenter_exit_url,
                "start_time": start_time,
                "recurring_start_times": recurring_start_times,
                "purpose": purpose,
                "time_zone": time_zone,
                "room_logo": room_logo,
                "conference_logo": conference_logo,
                "apply_conference_logo_to_channel": apply_conference_logo_to_channel,
                "room_sub_title": room_sub_title,
                "webcast_mode": webcast_mode,
                "schedule_type": schedule_type,
                "duration_hours": duration_hours,
                "duration_minutes": duration_minutes,
                "room_type": room_type,
                "who_can_watch_recording": who_can_watch_recording,
                "presenter_advanced_enter_time": presenter_advanced_enter_time,
                "attendee_advanced_enter_time": attendee_advanced_enter_time,
                "enable_dial_in": enable_dial_in,
                "privacy": privacy,
                "send_reminder_emails_to_presenters": send_reminder_emails_to_presenters,
                "registration_conf_emails": registration_conf_emails,
                "show_reviews": show_reviews,
                "review_emails": review_emails,
                "poll_results": poll_results,
                "enable_ie_safari": enable_ie_safari,
                "enable_twitter": enable_twitter,
                "send_cancellation_email": send_cancellation_email,
                "background_image_url": background_image_url,
                "webhook_url": webhook_url,
                "exit_url": exit_url,
                "registration_required_to_view_recording": registration_required_to_view_recording,
                "sub_url": sub_url,
                "display_language": display_language,
                "enable_knock_to_enter": enable_knock_to_enter,
                "banner_filter_percentage": banner_filter_percentage,
                "icon": icon,
                "enable_create_webinar_reg_webhook": enable_create_webinar_reg_webhook,
                "enable_new_reg_webhook": enable_new_reg_webhook,
                "new_reg_webhook_url": new_reg_webhook_url,
                "enable_webinar_start_webhook": enable_webinar_start_webhook,
                "webinar_start_webhook_url": webinar_start_webhook_url,
                "enable_waiting_room_open_webhook": enable_waiting_room_open_webhook,
                "waiting_room_open_webhook_url": waiting_room_open_webhook_url,
                "enable_webinar_end_webhook": enable_webinar_end_webhook,
                "webinar_end_webhook_url": webinar_end_webhook_url,
                "enable_live_attendee_data_webhook": enable_live_attendee_data_webhook,
                "live_attendee_data_webhook_url": live_attendee_data_webhook_url,
                "enable_on_demand_viewer_webhook": enable_on_demand_viewer_webhook,
                "on_demand_viewer_webhook_url": on_demand_viewer_webhook_url,
                "webinar_tags": webinar_tags,
            }
        )
        answer = self._client.request("PUT", f"conferences/{conference_id}", json=body)
        return conference_of(answer)

    def delete(self, conference_id: str) -> Success:
        """Delete a Conference: ``DELETE /conferences/{conference_id}``."""
        return success_of(self._client.request("DELETE", f"conferences/{conference_id}"))

    def upload_file(
        self, conference_id: str, *, file_url: str, autoplay: bool | None = None
    ) -> PreloadedFile:
        """Upload a Pre-Loaded File: ``PUT /conferences/{conference_id}/upload_file``;
        the server fetches ``file_url``."""
        answer = self._client.request(
            "PUT",
            f"conferences/{conference_id}/upload_file",
            json=compact({"file_url": file_url, "autoplay": autoplay}),
        )
        return parse(PreloadedFile, answer)

    def delete_file(self, conference_id: str, file_id: str) -> Success:
        """Delete a Pre-Loaded File: ``PUT /conferences/{conference_id}/delete_file/{file_id}``."""
        answer = self._client.request("PUT", f"conferences/{conference_id}/delete_file/{file_id}")
        return success_of(answer)

    def stats(self, conference_id: str, *, bmid: str) -> StatsReport:
        """Download Statistics Report: ``GET /conferences/{conference_id}/stats``;
        ``bmid``: a channel admin's member id."""
        answer = self._client.request(
            "GET", f"conferences/{conference_id}/stats", params={"bmid": bmid}
        )
        return parse(StatsReport, answer)

    def transcript(self, conference_id: str, *, bmid: str) -> TranscriptLink:
        """Download Transcript: ``GET /conferences/{conference_id}/transcript``."""
        answer = self._client.request(
            "GET", f"conferences/{conference_id}/transcript", params={"bmid": bmid}
        )
        return parse(TranscriptLink, answer)

    def admin_url(self, conference_id: str, *, bmid: str) -> AdminLink:
        """Get Admin URL: ``GET /conferences/{conference_id}/admin_url``."""
        answer = self._client.request(
            "GET", f"conferences/{conference_id}/admin_url", params={"bmid": bmid}
        )
        return parse(AdminLink, answer)

    def recording(self, conference_id: str) -> RecordingStatus:
        """Show Recording Status: ``GET /conferences/{conference_id}/recording``."""
        answer = self._client.request("GET", f"conferences/{conference_id}/recording")
        return parse(RecordingStatus, answer)

    def publish_recording(self, conference_id: str) -> PublishedStatus:
        """Publish Recording: ``GET /conferences/{conference_id}/publish_recording``
        (a GET that changes something, as documented)."""
        answer = self._client.request("GET", f"conferences/{conference_id}/publish_recording")
        return parse(PublishedStatus, answer)

    def unpublish_recording(self, conference_id: str) -> PublishedStatus:
        """Unpublish Recording: ``GET /conferences/{conference_id}/unpublish_recording``."""
        answer = self._client.request("GET", f"conferences/{conference_id}/unpublish_recording")
        return parse(PublishedStatus, answer)

    def recording_views(self, conference_id: str) -> builtins.list[RecordingView]:
        """Show Recording Views: ``GET /conferences/{conference_id}/recording_views``."""
        answer = self._client.request("GET", f"conferences/{conference_id}/recording_views")
        return parse_list(RecordingView, answer, "recording_views")

    def custom_fields(self, conference_id: str) -> builtins.list[CustomField]:
        """Show Custom Fields: ``GET /conferences/custom_fields/{conference_id}``,
        the registration form's fields."""
        answer = self._client.request("GET", f"conferences/custom_fields/{conference_id}")
        return parse_list(CustomField, answer, "custom_fields")

    def enter(
        self,
        conference_id: str,
        *,
        attendee_name: str,
        attendee_email: str,
        register_attendee_to_webinar: bool | None = None,
        attendee_first_name: str | None = None,
        attendee_last_name: str | None = None,
        custom_user_id: str | None = None,
        role: str | None = None,
        exit_uri: str | None = None,
    ) -> EnterLink:
        """Enter a Conference: ``POST /conferences/enter`` (the conference as
        the body's ``id``); ``role``: attendee, moderator or presenter."""
        body = compact(
            {
                "id": conference_id,
                "attendee_name": attendee_name,
                "attendee_email": attendee_email,
                "register_attendee_to_webinar": register_attendee_to_webinar,
                "attendee_first_name": attendee_first_name,
                "attendee_last_name": attendee_last_name,
                "custom_user_id": custom_user_id,
                "role": role,
                "exit_uri": exit_uri,
            }
        )
        answer = self._client.request("POST", "conferences/enter", json=body)
        return parse(EnterLink, answer)

    def refresh_analytics_report(self, conference_id: str) -> AnalyticsReportStatus:
        """Refresh Analytics Report: ``GET
        /conferences/refresh_analytics_report/{conference_id}``."""
        answer = self._client.request(
            "GET", f"conferences/refresh_analytics_report/{conference_id}"
        )
        return parse(AnalyticsReportStatus, answer)

    def handout_download_data(self, conference_id: str) -> builtins.list[HandoutDownload]:
        """Show Handout Download Data: ``GET
        /conferences/handout_download_data/{conference_id}`` (a list; the
        document's example shows a single record, read as a list of one)."""
        answer = self._client.request("GET", f"conferences/handout_download_data/{conference_id}")
        return [parse(HandoutDownload, row) for row in one_or_many(answer, "handout_download_data")]

    def dial_in_list(self, conference_id: str) -> builtins.list[DialIn]:
        """Show Dial In Data: ``GET /conferences/dial_in_list/{conference_id}``
        (a list; a single record is read as a list of one)."""
        answer = self._client.request("GET", f"conferences/dial_in_list/{conference_id}")
        return [parse(DialIn, row) for row in one_or_many(answer, "dial_in_list")]

    def survey(
        self, conference_id: str, *, created_since: int | str | None = None
    ) -> builtins.list[SurveyQuestion]:
        """Show Survey Results: ``GET /conferences/survey/{conference_id}``,
        each question with its answers (``{"survey": […]}``, a bare list, or
        the document's single question)."""
        answer = self._client.request(
            "GET",
            f"conferences/survey/{conference_id}",
            params={"created_since": created_since},
        )
        return [parse(SurveyQuestion, row) for row in one_or_many(answer, "survey")]

    def activity_logs(self, conference_id: str) -> builtins.list[ActivityLog]:
        """Show Activity Logs: ``GET /conferences/{conference_id}/activity_logs``."""
        answer = self._client.request("GET", f"conferences/{conference_id}/activity_logs")
        return parse_list(ActivityLog, answer, "activity_logs")


class Handouts:
    """The handouts of a conference."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def create(
        self,
        conference_id: str,
        *,
        title: str,
        handout_url: str | None = None,
        handout_link: str | None = None,
    ) -> Handout:
        """Upload a Handout: ``POST /conferences/{conference_id}/add_handout_with_url``;
        ``handout_url`` (a file) or ``handout_link`` (a page)."""
        body = compact({"title": title, "handout_url": handout_url, "handout_link": handout_link})
        answer = self._client.request(
            "POST", f"conferences/{conference_id}/add_handout_with_url", json=body
        )
        return parse(Handout, answer)

    def update(
        self,
        handout_id: str,
        *,
        title: str | None = None,
        handout_url: str | None = None,
        handout_link: str | None = None,
    ) -> Handout:
        """Update a Handout: ``PUT /conferences/{handout_id}/update_handout``."""
        body = compact({"title": title, "handout_url": handout_url, "handout_link": handout_link})
        answer = self._client.request("PUT", f"conferences/{handout_id}/update_handout", json=body)
        return parse(Handout, answer)

    def delete(self, handout_id: str) -> Success:
        """Delete a Handout: ``POST /conferences/{handout_id}/delete_handout``."""
        answer = self._client.request("POST", f"conferences/{handout_id}/delete_handout")
        return success_of(answer)

    def list(self, conference_id: str) -> builtins.list[Handout]:
        """List Handouts: ``GET /conferences/{conference_id}/handouts`` (the
        example's bare array, or the table's ``{"Handouts": […]}``)."""
        answer = self._client.request("GET", f"conferences/{conference_id}/handouts")
        return parse_list(Handout, answer, ("Handouts", "handouts"))


class Series:
    """Series: conferences grouping sessions (each session a conference)."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def create(
        self,
        *,
        channel_id: str,
        title: str,
        series_format: str | None = None,
        event_start_time: str | None = None,
        event_end_time: str | None = None,
        time_zone: str | None = None,
        alias: str | None = None,
        presenter_alias: str | None = None,
        about: str | None = None,
    ) -> SeriesLink:
        """Create a Series: ``POST /series``. ``series_format``: summit (the
        document's default), course, …"""
        body = compact(
            {
                "channel_id": channel_id,
                "title": title,
                "series_format": series_format,
                "event_start_time": event_start_time,
                "event_end_time": event_end_time,
                "time_zone": time_zone,
                "alias": alias,
                "presenter_alias": presenter_alias,
                "about": about,
            }
        )
        return parse(SeriesLink, self._client.request("POST", "series", json=body))

    def update(
        self,
        series_id: str,
        *,
        title: str | None = None,
        series_format: str | None = None,
        event_start_time: str | None = None,
        event_end_time: str | None = None,
        time_zone: str | None = None,
        alias: str | None = None,
        presenter_alias: str | None = None,
        about: str | None = None,
    ) -> SeriesLink:
        """Update a Series: ``PUT /series`` (the series as the body's ``id``)."""
        body = compact(
            {
                "id": series_id,
                "title": title,
                "series_format": series_format,
                "event_start_time": event_start_time,
                "event_end_time": event_end_time,
                "time_zone": time_zone,
                "alias": alias,
                "presenter_alias": presenter_alias,
                "about": about,
            }
        )
        return parse(SeriesLink, self._client.request("PUT", "series", json=body))

    def add_sessions(self, series_id: str, *, session_ids: str | builtins.list[str]) -> Success:
        """Add Sessions to a Series: ``POST /series/add_sessions``. The
        document's example answer is a bare sentence: read into ``success``."""
        body = {"series_id": series_id, "session_ids": id_list(session_ids)}
        return success_of(self._client.request("POST", "series/add_sessions", json=body))

    def delete_sessions(self, *, session_ids: str | builtins.list[str]) -> Success:
        """Delete Sessions from a Series: ``DELETE /series`` with a JSON body;
        the sessions stay as webinars."""
        body = {"session_ids": id_list(session_ids)}
        return success_of(self._client.request("DELETE", "series", json=body))
