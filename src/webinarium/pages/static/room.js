// The room's client (docs/room-protocol.md); written with the room page.
