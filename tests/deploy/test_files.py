"""deploy/ as an operator installs it: the nginx site, its TLS server
included, runs in Debian's nginx, and the environment file sets only settings
that exist, with values the settings class takes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.deploy.conftest import DEPLOY, PAGES, main_conf, running_nginx
from webinarium.settings import Settings

NAME = "webinars.example.org"


def test_the_nginx_site_redirects_to_https_and_serves_static_files_over_tls(
    tmp_path: Path,
) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", f"/CN={NAME}"),
        ],
        capture_output=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    http_port, https_port = free_port(), free_port()
    # The site as installed, but for the installed paths and privileged ports.
    site = (DEPLOY / "nginx" / "webinarium.conf").read_text()
    for installed, here in {
        f"/etc/letsencrypt/live/{NAME}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{NAME}/privkey.pem": str(key),
        "/etc/nginx/snippets/webinarium-locations.conf": str(
            DEPLOY / "nginx" / "webinarium-locations.conf"
        ),
        "/var/log/nginx/": f"{tmp_path}/",
        "/opt/webinarium/.venv/lib/python3.11/site-packages/webinarium/pages": str(PAGES),
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
    }.items():
        assert installed in site, installed
        site = site.replace(installed, here)
    site = re.sub(r"(?m)^\s*listen \[::\].*$", "", site)
    conf = main_conf(tmp_path / "nginx", site)
    with running_nginx(conf, https_port):
        plain = httpx.get(
            f"http://127.0.0.1:{http_port}/static/room.js?x=1", headers={"Host": NAME}, timeout=5
        )
        assert plain.status_code == 301
        assert plain.headers["location"] == f"https://{NAME}/static/room.js?x=1"
        secure = httpx.get(
            f"https://127.0.0.1:{https_port}/static/room.js",
            headers={"Host": NAME},
            verify=False,
            timeout=5,
        )
    assert secure.status_code == 200
    assert secure.content == (PAGES / "static" / "room.js").read_bytes()
    assert secure.headers["strict-transport-security"] == "max-age=31536000"
    assert secure.headers["content-type"] == "application/javascript"


def test_the_environment_file_sets_real_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (DEPLOY / "env.example").read_text().splitlines()
    values = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    names = {f"WEBINARIUM_{name.upper()}" for name in Settings.model_fields}
    assert set(values) - names == set()
    for name, value in values.items():
        monkeypatch.setenv(name, value.removeprefix('"').removesuffix('"'))
    settings = Settings()
    assert settings.environment == "production"
    assert settings.worker_in_serve is False
    assert settings.log_format == "json"
    assert settings.broker_url.startswith("redis://")
    assert settings.database_url.startswith("postgresql://")
    assert settings.mail_from == "Webinarium <webinars@example.org>"
