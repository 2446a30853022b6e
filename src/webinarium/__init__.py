"""Webinarium: a self-hosted webinar platform that speaks existing webinar APIs."""

__version__ = "0.1.0"
