"""The pages that say why there is nothing else to show, and the "not open
yet" page, in the webinar's language as the registration page is (else the
visitor's): titled and worded in Russian for a Russian webinar."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest

import webinarium.app  # noqa: F401  (every error class, as the server has them)
from tests.conftest import Tenant
from tests.pages.helpers import bigmarker_register, bigmarker_webinar, email, local_path
from webinarium.kit.errors import DomainError
from webinarium.pages.i18n import LANGUAGES, TRANSLATIONS
from webinarium.pages.templating import PAGE_REFUSALS, page_code, templates

MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
          "сентября", "октября", "ноября", "декабря")  # fmt: skip


def test_too_early_a_russian_webinar_says_when_in_russian(
    http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(
        http, alice, display_language="Russian", starts_in=timedelta(days=3)
    )
    conference_url, _ = bigmarker_register(http, alice, webinar["id"], email("early"))

    page = http.get(local_path(conference_url), headers={"Accept-Language": "en"})

    assert page.status_code == 200, page.text
    assert '<html lang="ru">' in page.text
    assert "Комната ещё не открыта. Она откроется: <time datetime=" in page.text
    assert "Тогда эта страница сама откроет комнату." in page.text
    assert "Ваша личная ссылка, чтобы вернуться:" in page.text
    assert any(month in page.text for month in MONTHS)
    assert "not open yet" not in page.text


def test_a_refused_link_of_a_russian_webinar_is_a_russian_page(
    http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, display_language="Russian")
    address = email("removed")
    conference_url, _ = bigmarker_register(http, alice, webinar["id"], address)
    removed = http.request(
        "DELETE",
        "/api/v1/conferences/register",
        headers=alice.headers,
        json={"id": webinar["id"], "email": address},
    )
    assert removed.status_code == 200, removed.text

    page = http.get(local_path(conference_url), headers={"Accept-Language": "en"})

    assert page.status_code == 403
    assert '<html lang="ru">' in page.text
    assert "<h1>Эта ссылка не открывает вебинар</h1>" in page.text
    assert "<p>С этой ссылкой войти в вебинар нельзя.</p>" in page.text

    # An English webinar says the service's own sentence, whatever the browser asks.
    english = bigmarker_webinar(http, alice, display_language="English")
    conference_url, _ = bigmarker_register(http, alice, english["id"], address)
    http.request(
        "DELETE",
        "/api/v1/conferences/register",
        headers=alice.headers,
        json={"id": english["id"], "email": address},
    )
    page = http.get(local_path(conference_url), headers={"Accept-Language": "ru"})
    assert page.status_code == 403
    assert '<html lang="en">' in page.text
    assert "<h1>This link does not open a webinar</h1>" in page.text
    assert "<p>this registration has been withdrawn</p>" in page.text


def test_without_a_webinar_the_visitors_language_is_taken(http: httpx.Client) -> None:
    page = http.get("/no/such/page/here", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert page.status_code == 404
    assert '<html lang="ru">' in page.text
    assert "<title>Здесь ничего нет · Webinarium</title>" in page.text
    assert "<p>По этому адресу страницы нет.</p>" in page.text

    english = http.get("/no/such/page/here", headers={"Accept-Language": "de, en;q=0.5"})
    assert "<h1>Nothing is here</h1>" in english.text
    assert "<p>There is no page at this address.</p>" in english.text


def _sentence(page: str) -> str:
    found = re.search(r'<main class="message">\s*<h1>.*?</h1>\s*<p>(.*?)</p>', page, re.S)
    assert found is not None, page
    return found.group(1)


def test_a_russian_webinars_refusals_are_russian_sentences(
    http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, display_language="Russian")
    address = local_path(webinar["conference_address"])

    without_token = http.get(f"{address}/registered", headers={"Accept-Language": "en"})
    assert without_token.status_code == 401
    assert '<html lang="ru">' in without_token.text
    assert _sentence(without_token.text) == (
        "Эта ссылка не открывает этот вебинар: входите по своей личной ссылке."
    )

    # Whatever was not found, the page says so in the visitor's language.
    no_webinar = http.get(
        f"/{alice.channel_url}/no-such-webinar/registered", headers={"Accept-Language": "ru"}
    )
    assert no_webinar.status_code == 404
    assert _sentence(no_webinar.text) == "По этому адресу страницы нет."


def _refusal_page(code: str, language: str, message: str) -> str:
    return templates.get_template("message.html").render(
        title=None, message=message, code=code, lang=language
    )


@pytest.mark.parametrize("code", sorted(PAGE_REFUSALS))
def test_every_refusal_a_page_shows_has_a_sentence_in_every_language(code: str) -> None:
    service_sentence = "the service sentence"
    general = {
        language: TRANSLATIONS[language].gettext("This request was refused.")
        for language in LANGUAGES
    }
    assert _sentence(_refusal_page(code, "en", service_sentence)) == service_sentence
    for language in LANGUAGES:
        if language == "en":
            continue
        said = _sentence(_refusal_page(code, language, service_sentence))
        assert said not in (service_sentence, general[language]), (code, language)


def _domain_errors() -> set[type[DomainError]]:
    found: set[type[DomainError]] = set()
    waiting: list[type[DomainError]] = [DomainError]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                waiting.append(subclass)
    return found


def test_no_refusal_is_worded_in_english_on_another_languages_page() -> None:
    errors = _domain_errors()
    assert len(errors) > 80
    for error in errors:
        code = page_code(error.__new__(error))  # the class is all page_code reads
        for language in LANGUAGES:
            if language != "en":
                said = _sentence(_refusal_page(code, language, f"{error.__name__} in English"))
                assert "in English" not in said, (error, language)
