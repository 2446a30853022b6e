"""Recordings of conferences."""
