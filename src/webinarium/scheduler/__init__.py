"""The scheduler: the webinar's clock, run from the database.

Nothing waits in memory: each round reads what is due now from the
conferences' own times (and the reminders already reached, a table), takes
each step in a unit of its own and sleeps until the next due moment the
database gives (at most ``scheduler_poll_seconds``). A server that was down
catches up when it is back; a step is taken once however many schedulers run.

- the waiting room opens when attendees may enter (``open_waiting_room``);
- the webinar starts at its start time (``start``: the host's Start button
  starts it early, nobody starting it leaves it to the clock);
- a webinar left running past its end plus ``scheduler_end_grace_minutes`` is
  ended, and so is one with nobody in the room for
  ``scheduler_empty_room_minutes`` (``live.service.finish``);
- the reminders' times come: ``conference.reminder_due``, once per conference
  and kind;
- an evergreen webinar whose upcoming session has started gets its next one
  (``conferences.evergreen.ensure_upcoming_session``: ``conference.created``).

Every step goes through ``conferences.lifecycle`` as the ``scheduler`` actor,
so webhooks and mail follow from its events. `rules` says what is due (one
rule, in Python), `repository` finds the conferences it may be due for and
the next moment, `runner.Scheduler` runs the rounds. docs/scheduler.md.
"""
