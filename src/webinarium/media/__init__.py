"""The media plane (docs/media.md): what the browsers are told to reach it."""
