"""``webinarium`` run in the test's own process: the app the console script
runs (`webinarium.cli.app`), through Typer's runner, in a fraction of a
subprocess's time (a subprocess spends its second or more importing).

What it proves is what the process does, the process itself aside: stdout and
stderr apart, the exit code `sys.exit` would get, the environment as given
(every WEBINARIUM_* variable of the suite's own left out). An exception the
command lets out is raised in the test, so that it fails where a user would see
a traceback; the process itself (its imports, a terminal, its exit status) is
proved by the few tests that start one."""

from __future__ import annotations

import os
import subprocess

from typer.testing import CliRunner

import webinarium.cli


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``webinarium *args`` with ``env`` as its only WEBINARIUM_* variables."""
    environment: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("WEBINARIUM_")
    }
    environment.update(env or {})
    result = CliRunner().invoke(
        webinarium.cli.app, list(args), env=environment, input=stdin, catch_exceptions=False
    )
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)
