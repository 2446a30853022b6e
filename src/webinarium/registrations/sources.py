"""Where a registration came from (`registrations.source`): the values our own
ways in store. An API client stores a text of its own (BigMarker's
``utm_bmcr_source``, the native API's ``source``); the console shows that as
it is, and ours in words (`console/macros.html`, ``registration_source``)."""

from __future__ import annotations

# The public registration page and the on-demand page's form (`access.joining`).
LANDING_PAGE = "landing_page"
# Added by hand on the console's registrants page (`registrations.adding`).
CONSOLE = "console"
# A row of a CSV file imported in the console (`registrations.csv_import`).
IMPORT = "import"

OURS = (LANDING_PAGE, CONSOLE, IMPORT)
