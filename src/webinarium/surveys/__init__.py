"""A conference's survey: questions set through the native API, answered by
attendees when the webinar ends (the room page) — one answer set per person."""
