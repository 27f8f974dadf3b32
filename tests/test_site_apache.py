"""Content negotiation of the static site in a real Apache httpd: the site host's rules and w3id's.

Apache (Debian's ``apache2``) is started on a free loopback port with its own
configuration and stopped at the end; the tests skip, saying why, without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from support import free_port
from wpkld.web.conneg import negotiate
from wpkld.web.rules import w3id_htaccess

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
#: What Chromium sends for a page.
BROWSER = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
           "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
#: Accept header -> (status, Content-Type of the answer); None = no Accept header.
MATRIX = [
    (BROWSER, 200, "text/html"),
    ("text/html", 200, "text/html"),
    ("text/turtle", 200, "text/turtle"),
    ("application/ld+json", 200, "application/ld+json"),
    ("application/n-triples", 200, "application/n-triples"),
    ("*/*", 200, "text/html"),
    (None, 200, "text/html"),
    ("text/turtle;q=0.5, application/ld+json", 200, "application/ld+json"),
    ("application/n-triples, text/turtle;q=0.1", 200, "application/n-triples"),
    ("image/png", 406, None),
    ("application/pdf", 406, None),
]
#: The site host negotiates q-values exactly; w3id's pattern rules only the cases they can tell apart.
W3ID_MATRIX = [row for row in MATRIX if "q=" not in (row[0] or "") or row[0] == BROWSER]


@pytest.fixture(scope="module")
def apache(built_site: Path) -> Iterator[str]:
    """Serve the built site at /site/ and the w3id rules at /wpkld/ from a private Apache."""
    if not Path(APACHE).exists() or not (MODULES / "mod_negotiation.so").exists():
        pytest.skip("Apache httpd (Debian package apache2) is not installed")
    port = free_port()
    root = Path(tempfile.mkdtemp(prefix="wpkld-apache-"))
    try:
        os.chmod(root, 0o755)  # Apache's workers run as an unprivileged user when started as root
        shutil.copytree(built_site, root / "site")
        (root / "wpkld").mkdir()
        (root / "wpkld" / ".htaccess").write_text(w3id_htaccess(f"http://127.0.0.1:{port}/site/"))
        modules = ["mpm_event", "authz_core", "mime", "negotiation", "rewrite", "headers", "dir", "alias"]
        user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
        conf = root / "httpd.conf"
        conf.write_text(
            f'ServerRoot "{root}"\nListen 127.0.0.1:{port}\nServerName 127.0.0.1\n'
            f'PidFile "{root}/httpd.pid"\nErrorLog "{root}/error.log"\nLogLevel warn\n'
            f'DefaultRuntimeDir "{root}"\nMutex file:{root} default\n{user}'
            + "".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so\n" for m in modules)
            + f'TypesConfig /etc/mime.types\nDocumentRoot "{root}"\n'
            f'<Directory "{root}">\n  AllowOverride All\n  Require all granted\n</Directory>\n')
        proc = subprocess.Popen([APACHE, "-f", str(conf), "-DFOREGROUND"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + "/site/index.html", timeout=1)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"apache2 did not start: {output} {(root / 'error.log').read_text()}")
                time.sleep(0.1)
        try:
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _get(url: str, accept: str | None, **kwargs: object) -> requests.Response:
    headers = {"Accept": accept} if accept is not None else {}
    session = requests.Session()
    if accept is None:
        session.headers.pop("Accept", None)  # requests sends */* unless told not to
    return session.get(url, headers=headers, timeout=10, **kwargs)  # type: ignore[arg-type]


@pytest.mark.server
@pytest.mark.parametrize("accept, status, media", MATRIX)
def test_site_host_negotiates(apache: str, accept: str | None, status: int, media: str | None) -> None:
    answer = _get(apache + "/site/person/pak-hon-yong", accept)
    assert answer.status_code == status, answer.text[:200]
    assert "accept" in answer.headers.get("Vary", "").lower()
    if media is not None:
        assert answer.headers["Content-Type"].split(";")[0] == media
        assert "Pak Hon-yong" in answer.text
    # the server's choice is the one wpkld serve makes
    assert negotiate(accept) == ({"text/html": "html", "text/turtle": "ttl", "application/ld+json": "jsonld",
                                  "application/n-triples": "nt"}.get(media or "") if media else None)


@pytest.mark.server
def test_site_host_turtle_is_the_description(apache: str) -> None:
    answer = _get(apache + "/site/faction/yanan", "text/turtle")
    triples = list(ox.parse(answer.content, format=ox.RdfFormat.TURTLE))
    assert any(t.subject.value == "https://w3id.org/wpkld/faction/yanan" for t in triples)


@pytest.mark.server
def test_site_host_serves_lists_home_and_files(apache: str) -> None:
    for path, media in [("/site/", "text/html"), ("/site/person/", "text/html"),
                        ("/site/person/pak-hon-yong.ttl", "text/turtle"),
                        ("/site/download/statements.csv", "text/csv"),
                        ("/site/ontology", "text/html")]:
        answer = _get(apache + path, BROWSER)
        assert answer.status_code == 200, path
        assert answer.headers["Content-Type"].split(";")[0] == media, path


@pytest.mark.server
@pytest.mark.parametrize("accept, status, media", W3ID_MATRIX)
def test_w3id_rules_redirect_by_accept(apache: str, accept: str | None, status: int, media: str | None) -> None:
    first = _get(apache + "/wpkld/person/pak-hon-yong", accept, allow_redirects=False)
    assert "accept" in first.headers.get("Vary", "").lower()
    if status == 406:
        assert first.status_code == 406
        return
    assert first.status_code == 303
    final = _get(apache + "/wpkld/person/pak-hon-yong", accept)
    assert final.status_code == 200
    assert final.headers["Content-Type"].split(";")[0] == media
    assert final.url.startswith(apache + "/site/person/pak-hon-yong.")


@pytest.mark.server
def test_w3id_rules_pass_lists_and_files_through(apache: str) -> None:
    for path, target in [("/wpkld/", "/site/"), ("/wpkld/person/", "/site/person/"),
                         ("/wpkld/faction/yanan.ttl", "/site/faction/yanan.ttl")]:
        answer = _get(apache + path, BROWSER, allow_redirects=False)
        assert answer.status_code in (302, 303) and answer.headers["Location"].endswith(target), path
