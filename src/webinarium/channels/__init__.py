"""Channels: BigMarker's unit of hosting; every conference belongs to one."""
