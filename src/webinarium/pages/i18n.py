"""The public pages in the visitor's language: English, and Russian.

Catalogs are ``translations/<language>/LC_MESSAGES/pages.po`` (English is the
source: its catalog is empty), compiled in memory when this module is imported
(Babel reads the .po and writes the .mo into a buffer), so there is no build
step and nothing compiled to keep in step. ``make translations`` extracts the
templates' strings into ``translations/pages.pot`` and updates every catalog.
Adding a language: a catalog of its own and its code in `LANGUAGES`.

Templates say ``{{ _("…") }}`` (``jinja2.ext.i18n``, new-style: ``%(name)s``
placeholders as keyword arguments); the language is the template's ``lang``
(English without one, as on pages not translated yet).

Which language a page speaks (`page_language`): the webinar's
``display_language`` where it names one we have (a code or a name, as the
dialects store it), else the best of the visitor's ``Accept-Language`` we have,
else English. Dates and times are written the language's way (Babel's CLDR data).
"""

from __future__ import annotations

import gettext
from datetime import datetime
from io import BytesIO
from pathlib import Path

from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from starlette.requests import Request

from webinarium.kit.time import on_clock

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"
CATALOGS = Path(__file__).parent / "translations"
DOMAIN = "pages"
# A webinar's display_language as the dialects store it: a code (MyOwnConference)
# or a name (BigMarker).
_NAMES = {"en": "en", "english": "en", "ru": "ru", "russian": "ru", "русский": "ru"}
# A moment on a page: "Monday 7 December 2026, 15:00"; "понедельник 7 декабря 2026, 15:00".
_MOMENT_PATTERN = "EEEE d MMMM y, HH:mm"


def _compiled(language: str) -> gettext.NullTranslations:
    path = CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


TRANSLATIONS: dict[str, gettext.NullTranslations] = {
    language: _compiled(language) for language in LANGUAGES
}


def conference_language(display_language: str | None) -> str | None:
    """The language of ours a webinar's ``display_language`` names, if any."""
    return _NAMES.get((display_language or "").strip().lower())


def accepted_language(header: str) -> str:
    """The visitor's most wanted language we have (``Accept-Language``), else English."""
    wanted: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:32]):
        tag, _, parameters = item.strip().partition(";")
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            wanted.append((-quality, position, primary))
    return min(wanted)[2] if wanted else DEFAULT_LANGUAGE


def page_language(accept_language: str, display_language: str | None = None) -> str:
    """The language a page speaks (see the module doc)."""
    return conference_language(display_language) or accepted_language(accept_language)


# A page's language, kept on its request once a route knows the webinar, so
# that a refusal shown afterwards as a page (`templating.PageRoute`) speaks it.
_REQUEST_LANGUAGE = "page_language"


def remember_language(request: Request, display_language: str | None) -> str:
    """`page_language` of this request for a webinar speaking ``display_language``."""
    language = page_language(request.headers.get("accept-language", ""), display_language)
    setattr(request.state, _REQUEST_LANGUAGE, language)
    return language


def language_of(request: Request) -> str:
    """The language remembered for this request, else the visitor's."""
    remembered: str | None = getattr(request.state, _REQUEST_LANGUAGE, None)
    return remembered or accepted_language(request.headers.get("accept-language", ""))


def shown_moment(moment: datetime, zone_name: str, language: str) -> str:
    """A moment on the clock of ``zone_name``, written the language's way, the zone named."""
    local = on_clock(moment, zone_name)
    return f"{format_datetime(local, _MOMENT_PATTERN, locale=language)} ({zone_name})"


def _translations(context: Context) -> gettext.NullTranslations:
    return TRANSLATIONS.get(context.get("lang") or DEFAULT_LANGUAGE, TRANSLATIONS["en"])


@pass_context
def _gettext(context: Context, message: str) -> str:
    return _translations(context).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return _translations(context).ngettext(singular, plural, n)


def install(environment: Environment) -> None:
    """``_``, ``gettext`` and ``ngettext`` in the templates, in the page's language."""
    environment.add_extension("jinja2.ext.i18n")
    # The extension adds this method to the environment it is added to.
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True
    )
