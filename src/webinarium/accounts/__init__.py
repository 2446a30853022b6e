"""Accounts (tenants), the users who log in to them, and their API keys."""
