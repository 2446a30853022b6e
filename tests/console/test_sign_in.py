"""Signing in and out of the organiser console, its CSRF check, and what a
visitor who is not signed in gets."""

from __future__ import annotations

import httpx

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant
from tests.console.helpers import console_client, csrf_of, submit


def test_sign_in_opens_the_console_and_sign_out_closes_it(server_url: str, alice: Tenant) -> None:
    with console_client(server_url, alice) as client:
        page = client.get("/console/webinars")
        assert page.status_code == 200
        assert "Sign out" in page.text
        assert page.headers["cache-control"] == "no-store"
        cookie = client.cookies["webinarium_console"]

        signed_out = submit(client, "/console/sign-out", {})
        assert signed_out.status_code == 303
        assert signed_out.headers["location"] == "/console/sign-in"
        notice = client.get("/console/sign-in")
        assert "You have signed out." in notice.text

        after = client.get("/console/webinars")
        assert after.status_code == 303
        assert after.headers["location"].startswith("/console/sign-in")

    # The old cookie, kept by someone, signs no one in: its session is gone.
    with httpx.Client(base_url=server_url, cookies={"webinarium_console": cookie}) as stale:
        assert stale.get("/console/webinars").status_code == 303


def test_the_session_cookie_is_http_only_and_same_site(server_url: str, alice: Tenant) -> None:
    with httpx.Client(base_url=server_url) as client:
        response = client.post(
            "/console/sign-in", data={"email": alice.email, "password": alice.password}
        )
        assert response.status_code == 303
        set_cookie = response.headers["set-cookie"].lower()
        assert set_cookie.startswith("webinarium_console=")
        assert "httponly" in set_cookie
        assert "samesite=lax" in set_cookie
        assert "path=/" in set_cookie


def test_a_wrong_password_signs_no_one_in(server_url: str, fresh_tenant: Tenant) -> None:
    with httpx.Client(base_url=server_url) as client:
        response = client.post(
            "/console/sign-in", data={"email": fresh_tenant.email, "password": "not the password"}
        )
        assert response.status_code == 400
        assert "do not match" in response.text
        assert "webinarium_console" not in response.cookies
        # The e-mail typed is shown again.
        assert f'value="{fresh_tenant.email}"' in response.text


def test_a_signed_out_visitor_is_sent_to_sign_in_with_the_page_asked_for(
    server_url: str, http: httpx.Client
) -> None:
    response = http.get("/console/webinars?when=past", follow_redirects=False)
    assert response.status_code == 303
    assert (
        response.headers["location"] == "/console/sign-in?next=%2Fconsole%2Fwebinars%3Fwhen%3Dpast"
    )
    posted = http.post("/console/sign-out", data={"csrf_token": "x"}, follow_redirects=False)
    assert posted.status_code == 303
    assert posted.headers["location"] == "/console/sign-in"
    assert http.get("/console", follow_redirects=False).headers["location"] == "/console/webinars"


def test_sign_in_goes_on_to_the_console_page_asked_for(server_url: str, alice: Tenant) -> None:
    with httpx.Client(base_url=server_url) as client:
        form = client.get("/console/sign-in", params={"next": "/console/people"})
        assert 'name="next" value="/console/people"' in form.text
        response = client.post(
            "/console/sign-in",
            data={"email": alice.email, "password": alice.password, "next": "/console/people"},
        )
        assert response.headers["location"] == "/console/people"


def test_a_form_without_the_session_s_token_changes_nothing(server_url: str, alice: Tenant) -> None:
    with console_client(server_url, alice) as client:
        missing = client.post("/console/sign-out", data={})
        assert missing.status_code == 403
        assert "This form has expired" in missing.text
        forged = client.post("/console/sign-out", data={"csrf_token": "forged"})
        assert forged.status_code == 403
        # Another session's token (the same user, another browser) is no better.
        with console_client(server_url, alice) as other:
            other_token = csrf_of(other.get("/console/webinars").text)
            refused = client.post("/console/sign-out", data={"csrf_token": other_token})
            assert refused.status_code == 403
        # Still signed in: none of them signed out.
        assert client.get("/console/webinars").status_code == 200


def test_a_form_sent_from_another_site_is_refused(server_url: str, alice: Tenant) -> None:
    with console_client(server_url, alice) as client:
        token = csrf_of(client.get("/console/webinars").text)
        refused = client.post(
            "/console/sign-out",
            data={"csrf_token": token},
            headers={"Origin": "https://evil.example"},
        )
        assert refused.status_code == 403
        assert client.get("/console/webinars").status_code == 200
        accepted = client.post(
            "/console/sign-out", data={"csrf_token": token}, headers={"Origin": server_url}
        )
        assert accepted.status_code == 303


def test_no_console_answer_may_be_framed_and_a_public_page_may(
    server_url: str, http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    def framed_nowhere(response: httpx.Response) -> None:
        assert response.headers["x-frame-options"] == "DENY", response.url
        assert response.headers["content-security-policy"] == "frame-ancestors 'none'"

    with httpx.Client(base_url=server_url) as visitor:
        framed_nowhere(visitor.get("/console/sign-in"))
        # Signed out: the redirect to sign in.
        framed_nowhere(visitor.get("/console/webinars", follow_redirects=False))
    bobs = create_conference(http, bob, title="Bob's own")
    with console_client(server_url, alice) as console:
        framed_nowhere(console.get("/console/webinars"))
        # A refusal: another account's webinar.
        refused = console.get(f"/console/webinars/{bobs['id']}")
        assert refused.status_code == 404
        framed_nowhere(refused)
    # The webinar's public page stays embeddable.
    public = http.get(bobs["conference_address"].removeprefix("https://webinars.example.test"))
    assert public.status_code == 200, public.text
    assert "x-frame-options" not in public.headers
    assert "content-security-policy" not in public.headers
