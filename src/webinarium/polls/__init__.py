"""Polls of a conference: questions, their choices, their status and the votes cast on them."""
