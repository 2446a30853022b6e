"""The public pages in the webinar's language (Russian here), else the
visitor's (Accept-Language), else English; the Russian catalog complete."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
from babel.messages.extract import extract_from_dir

from tests.conftest import Tenant
from tests.pages.helpers import bigmarker_webinar, email, local_path, personal_link_of
from tests.pages.public_pages import api_names, problem_of, register_on_page
from webinarium.pages.i18n import CATALOGS, LANGUAGES, TRANSLATIONS, accepted_language

TEMPLATES = Path(CATALOGS).parent / "templates"


def test_a_russian_webinar_speaks_russian_whatever_the_browser_asks(
    http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(
        http,
        alice,
        display_language="Russian",
        starts_in=timedelta(days=3),
        custom_fields=[{"field_name": "Зачем", "required": True}],
    )
    address = local_path(webinar["conference_address"])

    page = http.get(address, headers={"Accept-Language": "en-US,en;q=0.9"})

    assert page.status_code == 200
    assert '<html lang="ru">' in page.text
    assert '<h2 id="way-in-title">Регистрация' not in page.text  # the verb, not a noun
    assert "Зарегистрироваться" in page.text
    assert '<label for="field-1">Имя' in page.text
    assert "60 минут" in page.text
    assert "Register" not in page.text
    # The date the Russian way, on the webinar's clock (UTC) until landing.js runs.
    assert "UTC)</time>" in page.text
    months = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря")  # fmt: skip
    assert any(month in page.text for month in months)

    why = f"answer.{api_names(http, alice, webinar['id'])['Зачем']}"
    refused = register_on_page(http, address, first_name="Ива", email="нет")
    assert refused.status_code == 400
    assert '<html lang="ru">' in refused.text
    assert problem_of(refused, why) == "Поле «Зачем» обязательно."
    assert problem_of(refused, "email") == "Введите правильный адрес электронной почты."

    sent = register_on_page(http, address, first_name="Ива", email=email("ru"), **{why: "Да"})
    confirmation = http.get(sent.headers["location"])
    assert '<html lang="ru">' in confirmation.text
    assert "Вы зарегистрированы" in confirmation.text
    assert "Добавить в календарь" in confirmation.text
    assert personal_link_of(confirmation).startswith(address)


def test_without_a_webinar_language_the_browsers_is_taken_among_ours(
    http: httpx.Client, alice: Tenant
) -> None:
    address = local_path(bigmarker_webinar(http, alice)["conference_address"])

    russian = http.get(address, headers={"Accept-Language": "de-DE,ru;q=0.8,en;q=0.5"})
    german = http.get(address, headers={"Accept-Language": "de-DE,de;q=0.9"})
    none = http.get(address)
    channel = http.get(f"/{alice.channel_url}", headers={"Accept-Language": "ru-RU"})

    assert '<html lang="ru">' in russian.text
    assert "Зарегистрироваться" in russian.text
    assert '<html lang="en">' in german.text
    assert '<html lang="en">' in none.text
    assert "Register" in none.text
    assert '<html lang="ru">' in channel.text
    assert "Предстоящие вебинары" in channel.text


def test_accept_language_is_read_by_quality() -> None:
    assert accepted_language("en;q=0.4, ru;q=0.9") == "ru"
    assert accepted_language("ru;q=0, en") == "en"
    assert accepted_language("fr, ru-RU;q=0.5, en;q=0.5") == "ru"
    assert accepted_language("q=;;,,") == "en"


def test_every_string_of_the_templates_is_translated() -> None:
    wanted = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(TEMPLATES),
            method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
            keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
        )
    }
    assert len(wanted) > 50
    for language in LANGUAGES:
        if language == "en":
            continue  # the source
        translations = TRANSLATIONS[language]
        untranslated = sorted(m for m in wanted if translations.gettext(m) == m and m != "Skype")
        assert untranslated == [], language
