"""Shared building blocks: database, ids, errors, security, time and text helpers."""
