"""The worker: what follows a commit, run outside the request that committed it.

Two kinds of work, both kept in the database so that a restart loses nothing:

- **Reactions** (`wiring.REACTIONS`): for each domain event in the outbox, in
  the order of the outbox, the work it asks for — a webhook delivery per
  endpoint listening, a mail per person to tell. They run in one transaction
  with the event's ``dispatched_at``, so an event is handed over exactly once.
- **Jobs** (`jobs`, `wiring.HANDLERS`): each webhook delivery, each mail —
  anything that talks to the outside world, run with no transaction open and
  retried on the handler's schedule.

`runner.Worker` runs both: in ``webinarium serve`` by default, in ``webinarium
worker`` processes at scale.
"""
