"""Participants: the account's attendee list, its groups, and attaching participants to webinars."""
