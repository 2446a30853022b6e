"""Who took part in a conference's room, and what they wrote: read from the live
room's visits, virtual participants and chat (``webinarium.live``), with each
author's e-mail and whether they moderate."""
