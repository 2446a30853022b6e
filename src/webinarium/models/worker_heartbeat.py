"""The workers alive: each says so every ``worker_heartbeat_seconds``
(`worker.runner.Worker`), and /readyz looks whether one has lately
(api/health.py) when the workers run apart from ``serve``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import Base


class WorkerHeartbeat(Base):
    """A worker's last word, known by its name (`Worker.name`, what it leases
    jobs as); deleted when it stops."""

    __tablename__ = "worker_heartbeats"

    worker: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime]
    beat_at: Mapped[datetime] = mapped_column(index=True)
