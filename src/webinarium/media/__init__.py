"""The media plane: Janus as the SFU (janus_process, janus_client, rooms)."""
