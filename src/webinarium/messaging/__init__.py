"""E-mail: the mails that follow domain events (`reactions`), rendered from
templates in the webinar's language (`compose`), sent by the worker over SMTP
or kept for the dev mailbox (`sending`), with their opens, clicks and
unsubscribes tracked (`links`, `service`) and a suppression list per account
that is never mailed again. docs/email.md tells the whole of it."""
