"""The live room of a conference: who is in it (people and virtual participants),
the chat, and what the room shows and allows (chat and link locks, the
presentation and slide, the video playing)."""
