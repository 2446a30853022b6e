"""The MyOwnConference action API: one POST endpoint, a form field ``request``
holding ``{"key", "action", "params"}``; see docs/myownconference.md."""
