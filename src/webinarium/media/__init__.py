"""The media plane (docs/media.md): Janus as the SFU (janus_process,
janus_client, janus, rooms) and what the browsers are told to reach it (ice)."""
