"""Domain events: a registry of event types with typed payloads (``types``),
and the outbox they are written to in the transaction of their change
(``outbox.emit``)."""
