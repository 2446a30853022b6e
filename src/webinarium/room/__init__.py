"""The room's socket gateway: tickets, frames, the hub of each room, the broker.
The protocol is docs/room-protocol.md; the room's domain lives in live/, qa/,
access/ (admission, bans)."""
