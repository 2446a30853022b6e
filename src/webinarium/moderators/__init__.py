"""Moderators: people an account has made moderators of its webinars. Attached
to a webinar, a moderator is a presenter with moderator rights there."""
