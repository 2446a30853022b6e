"""Reports of what happened in a conference, computed from what the room stored."""
