"""Outgoing webhook subscriptions: who wants which domain events, at which URL."""
