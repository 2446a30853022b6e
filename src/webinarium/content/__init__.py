"""Content of a conference: handouts and pre-loaded files (polls, surveys, offers later)."""
