"""The pages people open in a browser: a conference's landing page, the room,
and the clear pages a refused link leads to. A thin adapter over the services,
as the dialects are; Jinja2 templates and plain JavaScript, no build step."""
