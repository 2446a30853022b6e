"""The client commands against the suite's shared server, with no WEBINARIUM_*
variable but those a test sets and the profiles in a temporary XDG_CONFIG_HOME.
Data the commands read is made over the API with the SDK's raw calls; answers
are checked against what was made.

The commands run in the test's process (tests/cli/runner.py: stdout and stderr
apart, never a terminal); the last tests start ``python -m webinarium …`` as a
user does, for what only a process shows: its exit status and streams, what it
imports, its progress on a terminal."""

from __future__ import annotations

import contextlib
import csv
import inspect
import io
import json
import os
import pty
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.core import TyperGroup

import webinarium.cli
from tests.cli import runner
from tests.conftest import Tenant, create_tenant
from webinarium.client import BigMarker
from webinarium.settings import Settings

START = "2030-06-01 10:00"
# Modules of the server the client commands and the help must not import: each
# costs seconds (a top-level package stands for all of its modules).
SERVER_MODULES = {
    *("sqlalchemy", "alembic", "fastapi", "starlette", "uvicorn"),
    *("webinarium.app", "webinarium.api", "webinarium.models", "webinarium.migrations"),
}
# A port nothing listens on (1: tcpmux, never served here).
DEAD_URL = "http://127.0.0.1:1"


class CLI:
    """Runs ``webinarium`` with a tenant's connection as options (unless told not to)."""

    def __init__(self, server_url: str, tenant: Tenant, config_home: Path) -> None:
        self.server_url = server_url
        self.tenant = tenant
        self.config_home = config_home

    def raw(
        self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``webinarium *args`` in this process (tests/cli/runner.py)."""
        return runner.run(*args, env={**self._env(), **(env or {})}, stdin=stdin)

    def process(self, *args: str, python: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
        """``python *python -m webinarium *args``: the process a user starts."""
        clean = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
        return subprocess.run(
            [sys.executable, *python, "-m", "webinarium", *args],
            env={**clean, **self._env()},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def _env(self) -> dict[str, str]:
        return {"XDG_CONFIG_HOME": str(self.config_home), "COLUMNS": "200"}

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.raw(*args, "--base-url", self.server_url, "--api-key", self.tenant.api_key)

    def ok(self, *args: str) -> str:
        done = self(*args)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""  # piped: no progress bar, no noise
        return done.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def traced(self, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
        """Runs ``webinarium *args`` under ``python -X importtime``: its result
        (stderr without the trace) and the modules it imported."""
        done = self.process(*args, python=("-X", "importtime"))
        trace, rest = [], []
        for line in done.stderr.splitlines():
            (trace if line.startswith("import time:") else rest).append(line)
        imported = {line.rsplit("|", 1)[-1].strip() for line in trace}
        return subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout, "\n".join(rest)
        ), imported


@pytest.fixture(scope="module")
def tenant(settings: Settings) -> Tenant:
    return create_tenant(settings, "CLI")


@pytest.fixture
def cli(server_url: str, tenant: Tenant, tmp_path: Path) -> CLI:
    return CLI(server_url, tenant, tmp_path / "config")


@pytest.fixture(scope="module")
def bm(server_url: str, tenant: Tenant) -> Iterator[BigMarker]:
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as client:
        yield client


def make_conference(bm: BigMarker, tenant: Tenant, title: str, **more: Any) -> dict[str, Any]:
    body = {"channel_id": tenant.channel_id, "title": title, "start_time": START, **more}
    made: dict[str, Any] = bm.request("POST", "conferences", json=body)
    return made


def api_error_message(http: httpx.Client, tenant: Tenant, path: str) -> str:
    """The API's own message for a refused GET, read without the CLI or the SDK."""
    response = http.get(f"/api/v1/{path}", headers=tenant.headers)
    assert response.status_code >= 400
    message: str = response.json()["error"]
    return message


# Conferences: create, get, update, delete; the refusal of an unknown one.


def test_conference_commands_create_show_change_and_delete(
    cli: CLI, tenant: Tenant, bm: BigMarker, http: httpx.Client
) -> None:
    made = cli.json(
        *("conferences", "create", "--channel-id", tenant.channel_id, "--title", "CLI made"),
        *("--start-time", START, "--time-zone", "Europe/Paris", "--duration-minutes", "45"),
        *("--privacy", "private", "--purpose", "From the command line"),
        *("--set", "exit_url=https://example.test/bye"),
        *("--set", "send_reminder_emails_to_presenters=false"),
    )
    conference_id = made["id"]
    shown = bm.request("GET", f"conferences/{conference_id}")
    for field in ("id", "title", "duration", "privacy", "purpose", "channel_id", "start_time"):
        assert made[field] == shown[field], field
    assert (made["title"], made["duration"], made["privacy"]) == ("CLI made", 45, "private")
    assert made["purpose"] == "From the command line"
    assert shown["exit_url"] == "https://example.test/bye"
    assert shown["send_reminder_emails_to_presenters"] is False

    assert cli.json("conferences", "get", conference_id) == made

    changed = cli.json(
        *("conferences", "update", conference_id, "--title", "CLI changed"),
        *("--enable-knock-to-enter", "--set", "purpose=Changed"),
    )
    assert (changed["id"], changed["title"], changed["purpose"]) == (
        conference_id,
        "CLI changed",
        "Changed",
    )
    assert changed["enable_knock_to_enter"] is True
    assert bm.request("GET", f"conferences/{conference_id}")["title"] == "CLI changed"

    table = cli.ok("conferences", "get", conference_id)
    rows = dict((*line.split(None, 1), "")[:2] for line in table.splitlines()[2:])
    assert table.splitlines()[0].split() == ["field", "value"]
    assert rows["title"].strip() == "CLI changed"
    assert rows["id"].strip() == conference_id
    assert rows["exit_url"].strip() == "https://example.test/bye"
    with pytest.raises(json.JSONDecodeError):
        json.loads(table)

    deleted = cli.json("conferences", "delete", conference_id)
    assert "success" in deleted

    unknown = cli("conferences", "get", conference_id)
    assert unknown.returncode == 1
    assert unknown.stdout == ""
    message = api_error_message(http, tenant, f"conferences/{conference_id}")
    assert message in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_update_refuses_a_field_the_call_does_not_take(cli: CLI) -> None:
    done = cli("conferences", "update", "any", "--set", "no_such_field=1")
    assert done.returncode == 2
    assert "no_such_field" in done.stderr


# Lists: the default limit, --all over several pages, --json, --csv, tables.


@pytest.fixture(scope="module")
def listed(settings: Settings, server_url: str) -> tuple[Tenant, list[dict[str, Any]]]:
    """An account of its own with 27 conferences: more than the default limit."""
    owner = create_tenant(settings, "CLI lists")
    with BigMarker(api_key=owner.api_key, base_url=server_url) as client:
        made = [
            make_conference(client, owner, f"Paged {n:02}", start_time=f"2030-07-{n + 1:02} 10:00")
            for n in range(27)
        ]
    return owner, made


def test_lists_show_the_limit_or_everything(
    listed: tuple[Tenant, list[dict[str, Any]]], server_url: str, tmp_path: Path
) -> None:
    owner, made = listed
    cli = CLI(server_url, owner, tmp_path)
    ids = [conference["id"] for conference in made]

    first = cli.json("conferences", "list")
    assert len(first) == 25
    assert [c["id"] for c in first] == ids[:25]
    assert [c["title"] for c in first] == [c["title"] for c in made[:25]]

    everything = cli.json("conferences", "list", "--all", "--per-page", "4")  # 7 pages
    assert [c["id"] for c in everything] == ids
    assert everything[3] == first[3]

    searched = cli.json("conferences", "search", "--title", "Paged", "--all", "--per-page", "10")
    assert sorted(c["id"] for c in searched) == sorted(ids)
    only = cli.json("conferences", "search", "--conference-id", ids[4], "--conference-id", ids[9])
    assert sorted(c["id"] for c in only) == sorted([ids[4], ids[9]])

    in_channel = cli.json("channels", "conferences", owner.channel_id, "--limit", "3")
    assert [c["id"] for c in in_channel] == ids[:3]

    rows = list(csv.reader(io.StringIO(cli.ok("conferences", "list", "--csv", "--limit", "5"))))
    assert rows[0] == ["id", "title", "type", "start_time", "duration", "privacy"]
    assert [row[:2] for row in rows[1:]] == [[c["id"], c["title"]] for c in made[:5]]
    assert [row[4] for row in rows[1:]] == [str(c["duration"]) for c in made[:5]]

    chosen = cli.ok("conferences", "list", "--csv", "--all", "--columns", "title,id")
    rows = list(csv.reader(io.StringIO(chosen)))
    assert rows == [["title", "id"], *([c["title"], c["id"]] for c in made)]

    table = cli.ok("conferences", "list", "--limit", "3").splitlines()
    assert table[0].split() == ["id", "title", "type", "start_time", "duration", "privacy"]
    body = [line.split() for line in table[1:] if line.strip() and not set(line) <= {"─", " "}]
    assert [row[0] for row in body] == ids[:3]
    assert all(" ".join(row[1:3]) == made[n]["title"] for n, row in enumerate(body))


def test_recurring_lists_the_sessions(cli: CLI, tenant: Tenant, bm: BigMarker) -> None:
    starts = ["2030-09-01 10:00:00+00:00", "2030-09-08 10:00:00+00:00"]
    parent = make_conference(
        bm, tenant, "Weekly", schedule_type="multiple_times", recurring_start_times=starts
    )
    sessions = cli.json("conferences", "recurring", parent["id"])
    children = bm.request("GET", f"conferences/recurring/{parent['id']}")
    children = children["child_conferences"]
    assert [s["id"] for s in sessions] == [c["id"] for c in children]
    assert len(sessions) == 2
    assert all(s["master_webinar_id"] == parent["id"] for s in sessions)


# Registrants, attendees.


def test_registrant_commands(cli: CLI, tenant: Tenant, bm: BigMarker) -> None:
    conference = make_conference(bm, tenant, "Registrations")
    people = [("ada@example.test", "Ada", "Lovelace"), ("alan@example.test", "Alan", "Turing")]
    for email, first, last in people:
        answer = cli.json(
            *("registrants", "register", conference["id"], "--email", email),
            *("--first-name", first, "--last-name", last, "--custom-user-id", f"ext-{first}"),
        )
        assert "conference_url" in answer

    listed = cli.json("registrants", "list", conference["id"])
    assert [(r["email"], r["first_name"], r["last_name"]) for r in listed] == people
    raw = bm.request("GET", f"conferences/registrations/{conference['id']}")["registrations"]
    assert [r["id"] for r in listed] == [r["id"] for r in raw]
    assert [r["bmid"] for r in listed] == [r["bmid"] for r in raw]

    rows = list(
        csv.DictReader(io.StringIO(cli.ok("registrants", "list", conference["id"], "--csv")))
    )
    assert [(r["email"], r["id"], r["bmid"]) for r in rows] == [
        (r["email"], r["id"], r["bmid"]) for r in raw
    ]

    removed = cli.json("registrants", "unregister", conference["id"], "--email", people[0][0])
    assert removed == {"success": "The registration has been removed."}
    assert [r["email"] for r in cli.json("registrants", "list", conference["id"])] == [people[1][0]]
    again = cli("registrants", "unregister", conference["id"], "--email", people[0][0])
    assert again.returncode == 1
    assert again.stdout == ""
    assert "error:" in again.stderr

    # Nobody has entered the room of an upcoming webinar: an empty list.
    assert cli.json("attendees", "list", conference["id"]) == []
    assert cli.ok("attendees", "list", conference["id"], "--csv").splitlines() == [
        "email,first_name,last_name,entered_at,leaved_at,total_duration"
    ]


# Channels and subscribers.


def test_channel_and_subscriber_commands(cli: CLI, tenant: Tenant, bm: BigMarker) -> None:
    channels = cli.json("channels", "list")
    assert [c["channel_id"] for c in channels] == [tenant.channel_id]
    shown = cli.json("channels", "get", tenant.channel_id)
    assert shown["channel_id"] == tenant.channel_id
    assert shown["channel_url"].endswith("/" + tenant.channel_url)
    assert shown["name"] == channels[0]["name"] == "CLI"

    added = cli.json(
        *("subscribers", "add", tenant.channel_id, "--email", "sub@example.test"),
        *("--first-name", "Sub", "--last-name", "Scriber"),
    )
    assert isinstance(added, dict)
    listed = cli.json("subscribers", "list", tenant.channel_id, "--all")
    mine = [s for s in listed if s["email"] == "sub@example.test"]
    assert [(s["first_name"], s["last_name"]) for s in mine] == [("Sub", "Scriber")]
    raw = bm.request("GET", f"channels/{tenant.channel_id}/subscribers")["subscribers"]
    assert sorted(s["email"] for s in listed) == sorted(s["email"] for s in raw)

    removed = cli.json("subscribers", "delete", tenant.channel_id, "--email", "sub@example.test")
    assert "success" in removed
    left = cli.json("subscribers", "list", tenant.channel_id, "--all")
    assert "sub@example.test" not in [s["email"] for s in left]


# Presenters.


def test_presenter_commands(cli: CLI, tenant: Tenant, bm: BigMarker) -> None:
    conference = make_conference(bm, tenant, "Presented")
    added = cli.json(
        *("presenters", "add", "--conference-id", conference["id"]),
        *("--email", "grace@example.test", "--first-name", "Grace", "--last-name", "Hopper"),
        *("--display-name", "Dr Hopper", "--no-send-email-invite"),
        *("--is-moderator",),
    )
    presenter_id = added["presenter_id"]
    assert (added["display_name"], added["email"], added["is_moderator"]) == (
        "Dr Hopper",
        "grace@example.test",
        True,
    )
    assert added["conference_id"] == conference["id"]

    changed = cli.json(
        *("presenters", "update", presenter_id, "--conference-id", conference["id"]),
        *("--title", "Rear Admiral", "--bio", "COBOL", "--no-is-moderator"),
    )
    assert (changed["presenter_id"], changed["title"], changed["bio"]) == (
        presenter_id,
        "Rear Admiral",
        "COBOL",
    )
    assert changed["is_moderator"] is False
    listed = bm.request("GET", f"conferences/{conference['id']}/presenters")["presenters"]
    assert [p["title"] for p in listed] == ["Rear Admiral"]

    presented = cli.json("presenters", "conferences", added["member_id"])
    assert [c["id"] for c in presented] == [conference["id"]]

    removed = cli.json("presenters", "remove", presenter_id, "--conference-id", conference["id"])
    assert removed == {"success": "The presenter has been removed."}
    assert bm.request("GET", f"conferences/{conference['id']}/presenters")["presenters"] == []


# Make an API Call.


def test_api_makes_any_call(cli: CLI, tenant: Tenant, bm: BigMarker) -> None:
    made = json.loads(
        cli.ok(
            *("api", "POST", "conferences"),
            "--data",
            json.dumps({"channel_id": tenant.channel_id, "title": "Raw", "start_time": START}),
        )
    )
    assert made == bm.request("GET", f"conferences/{made['id']}")

    shown = json.loads(cli.ok("api", "get", f"conferences/{made['id']}", "--header", "X-Demo=1"))
    assert (shown["id"], shown["title"]) == (made["id"], "Raw")

    paged = json.loads(cli.ok("api", "GET", "conferences", "--query", "per_page=1"))
    assert len(paged["conferences"]) == 1

    # From the server's root: the native API (its events name the conference).
    events = json.loads(cli.ok("api", "GET", "/api/webinarium/v1/events", "--query", "limit=500"))
    assert made["id"] in json.dumps(events)

    # PATCH is sent; this server's answer to a method no route takes is its own refusal.
    patched = cli("api", "PATCH", f"conferences/{made['id']}", "--data", '{"title": "P"}')
    assert patched.returncode == 1
    assert "not allowed" in patched.stderr

    for bad in (
        ("api", "GET", "conferences", "--data", "{not json"),
        ("api", "FETCH", "conferences"),
        ("api", "GET", "conferences", "--query", "no-equals"),
    ):
        refused = cli(*bad)
        assert refused.returncode == 2, bad
        assert refused.stdout == ""


# Configuration: login and profiles, environment variables, nothing configured.


def test_login_saves_profiles_the_commands_then_use(
    cli: CLI, tenant: Tenant, settings: Settings
) -> None:
    # Asked for what is missing: the URL, then the key (hidden).
    done = cli.raw("login", stdin=f"{cli.server_url}\n{tenant.api_key}\n")
    assert done.returncode == 0, done.stderr
    path = cli.config_home / "webinarium" / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tenant.api_key not in done.stdout

    channels = json.loads(cli.raw("channels", "list", "--json").stdout)
    assert [c["channel_id"] for c in channels] == [tenant.channel_id]

    other = create_tenant(settings, "CLI other")
    named = cli.raw(
        *("login", "--profile", "work", "--base-url", cli.server_url, "--api-key", other.api_key)
    )
    assert named.returncode == 0, named.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    by_option = cli.raw("channels", "list", "--json", "--profile", "work")
    assert [c["channel_id"] for c in json.loads(by_option.stdout)] == [other.channel_id]
    by_env = cli.raw("channels", "list", "--json", env={"WEBINARIUM_PROFILE": "work"})
    assert [c["channel_id"] for c in json.loads(by_env.stdout)] == [other.channel_id]
    # The default profile is still there; an option beats the profile.
    mine = cli.raw("channels", "list", "--json", "--api-key", tenant.api_key, "--profile", "work")
    assert [c["channel_id"] for c in json.loads(mine.stdout)] == [tenant.channel_id]

    refused = cli.raw("login", "--base-url", cli.server_url, "--api-key", "wrong", "--profile", "x")
    assert refused.returncode == 1
    assert "error:" in refused.stderr
    assert '"x"' not in path.read_text()
    missing = cli.raw("channels", "list", "--profile", "nope")
    assert missing.returncode == 2
    assert "nope" in missing.stderr


def test_environment_variables_configure_the_commands(cli: CLI, tenant: Tenant) -> None:
    env = {"WEBINARIUM_BASE_URL": cli.server_url, "WEBINARIUM_API_KEY": tenant.api_key}
    done = cli.raw("channels", "get", tenant.channel_id, "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["channel_id"] == tenant.channel_id
    # The option beats the variable.
    wrong = cli.raw("channels", "list", "--api-key", "wrong", env=env)
    assert wrong.returncode == 1
    assert wrong.stdout == ""
    # No answer at all (nothing listens there) is exit 1 as well, with the reason.
    unreachable = cli.raw("channels", "get", "x", env={**env, "WEBINARIUM_BASE_URL": DEAD_URL})
    assert unreachable.returncode == 1
    assert "error: ConnectError" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr


def test_usage_errors_exit_2(cli: CLI) -> None:
    nothing = cli.raw("conferences", "list")
    assert nothing.returncode == 2
    assert "webinarium login" in nothing.stderr
    assert "WEBINARIUM_API_KEY" in nothing.stderr
    for args in (
        ("conferences", "list", "--no-such-option"),
        ("conferences", "list", "--json", "--csv"),
        ("conferences", "list", "--limit", "0"),
        ("conferences", "get"),
    ):
        done = cli(*args)
        assert done.returncode == 2, args
        assert done.stdout == ""


def test_the_process_exits_with_the_commands_code(
    cli: CLI, tenant: Tenant, http: httpx.Client
) -> None:
    """The answer alone on stdout (exit 0), the API's refusal on stderr (exit 1),
    a usage error (exit 2): what a script calling the command sees."""
    connection = ("--base-url", cli.server_url, "--api-key", tenant.api_key)
    shown = cli.process("channels", "get", tenant.channel_id, "--json", *connection)
    assert shown.returncode == 0, shown.stderr
    assert shown.stderr == ""
    assert json.loads(shown.stdout)["channel_id"] == tenant.channel_id

    unknown = cli.process("conferences", "get", "nope", *connection)
    assert unknown.returncode == 1
    assert unknown.stdout == ""
    assert api_error_message(http, tenant, "conferences/nope") in unknown.stderr
    assert "Traceback" not in unknown.stderr

    unconfigured = cli.process("conferences", "list")
    assert unconfigured.returncode == 2
    assert unconfigured.stdout == ""
    assert "webinarium login" in unconfigured.stderr


def test_help_lists_every_command_without_the_servers_modules(cli: CLI) -> None:
    done, imported = cli.traced("--help")
    assert done.returncode == 0, done.stderr
    assert not imported & SERVER_MODULES, sorted(imported & SERVER_MODULES)
    # Each command (the server's too) with the first paragraph of its help, as
    # Typer shows it: the text of the table, its borders and wrapping left out.
    shown = " ".join(done.stdout.replace("│", " ").split())
    group = typer.main.get_command(webinarium.cli.app)
    assert isinstance(group, TyperGroup)
    assert {"conferences", "login", "migrate", "serve", "worker", "keys", "restore"} <= set(
        group.commands
    )
    for name, command in group.commands.items():
        first_paragraph = inspect.cleandoc(command.help or "").split("\n\n")[0]
        assert first_paragraph, name
        assert f"{name} {' '.join(first_paragraph.split())}" in shown, name


def test_client_commands_and_login_import_none_of_the_servers_modules(
    cli: CLI, tenant: Tenant
) -> None:
    connection = ("--base-url", cli.server_url, "--api-key", tenant.api_key)
    for args in (("channels", "get", tenant.channel_id, *connection), ("login", *connection)):
        done, imported = cli.traced(*args)
        assert done.returncode == 0, done.stderr
        assert "webinarium.client" in imported
        assert not imported & SERVER_MODULES, (args[0], sorted(imported & SERVER_MODULES))


def test_all_draws_progress_only_on_a_terminal(cli: CLI, tenant: Tenant) -> None:
    """Piped, --all draws nothing (every other test reads an empty stderr); with
    stderr on a terminal it counts the items as they come, and stdout stays the
    document alone."""
    terminal, stderr = pty.openpty()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WEBINARIUM_")}
    done = subprocess.run(
        [sys.executable, "-m", "webinarium", "channels", "list", "--all", "--json"],
        env={
            **clean,
            "WEBINARIUM_BASE_URL": cli.server_url,
            "WEBINARIUM_API_KEY": tenant.api_key,
        },
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        timeout=60,
        check=False,
    )
    os.close(stderr)
    drawn = b""
    with contextlib.suppress(OSError):  # EIO once the terminal's other end is closed
        while chunk := os.read(terminal, 65536):
            drawn += chunk
    os.close(terminal)
    assert done.returncode == 0
    assert [c["channel_id"] for c in json.loads(done.stdout)] == [tenant.channel_id]
    assert b"channels: 1 fetched" in drawn
