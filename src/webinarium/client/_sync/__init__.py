# Written by tools/unasync_sdk.py from _async/__init__.py:
# change that file, then `make sdk`.
"""The SDK's resources for asyncio: the one place each call is written.
``_sync/`` is generated from here (tools/unasync_sdk.py, ``make sdk``)."""
