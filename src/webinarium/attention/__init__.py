"""The attendance monitor: "are you still there?" asked of a live room's
attendees every interval, their answers and misses stored (docs/room-protocol.md,
"Attendance monitor")."""
