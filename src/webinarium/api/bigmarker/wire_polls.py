"""BigMarker's poll shape: the fields of the document's example (id,
club_profile_id — the channel —, selection_method, question, status, choices),
then the conference and every option a client may set, so that everything
written can be read back. ``poll_close_time`` is "YYYY-MM-DD HH:MM" on the
conference's clock, like the conference times."""

from __future__ import annotations

from typing import Any

from webinarium.api.bigmarker.wire import local_time
from webinarium.polls.schemas import OPTION_NAMES
from webinarium.polls.service import PollDetails


def poll(details: PollDetails) -> dict[str, Any]:
    row, conference = details.poll, details.conference
    options = details.options.model_dump()
    return {
        "id": row.id,
        "club_profile_id": conference.channel_id,
        "selection_method": row.selection_method,
        "question": row.question,
        "status": details.status.value,
        "choices": [{"id": c.id, "choice": c.choice} for c in details.choices],
        "conference_id": conference.id,
        **{name: options[name] for name in OPTION_NAMES},
        "poll_close_time": local_time(row.close_at, conference.time_zone),
    }
