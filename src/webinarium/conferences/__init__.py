"""Conferences (webinars) in all their shapes: one-time, recurring, meeting spaces, series."""
