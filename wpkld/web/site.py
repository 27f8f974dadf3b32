"""Build the static site: a page and RDF files for every IRI, index pages, pictures, downloads, rules.

The site is built in a temporary folder beside ``out`` and moved into place
at the end, so a failed build leaves nothing half-written; an existing
non-empty ``out`` is replaced only when asked (``force``). The same data
gives the same bytes on every run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..api import Dataset
from ..errors import DataError
from ..export import serialize
from ..names import fold
from ..namespaces import BASE
from ..terms import to_python
from . import catalogue, paths, rules
from .describe import description, query_text
from .memo import cached, forget
from .render import PICTURES, render_page

#: Static assets shipped with every site (from ``wpkld/web/static``).
STATIC = ("site.css", "filter.js", "search.js")
#: RDF formats of each resource's description beside its page.
RDF_FILES = ("ttl", "jsonld", "nt")


@dataclass
class SiteReport:
    """What a build wrote."""

    out: Path
    pages: int = 0
    resources: int = 0
    files: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def build_site(ds: Dataset, out: Path, *, base_url: str = BASE, force: bool = False) -> SiteReport:
    """Build the static site of a dataset into ``out``.

    :param ds: the dataset (on an embedded store).
    :param out: the folder to create (or replace, with ``force``).
    :param base_url: where the site will be published: canonical links, and
        the target of the w3id redirect rules (written when it is not the
        w3id base itself).
    :param force: replace an existing non-empty ``out``.
    :returns: a :class:`SiteReport`.
    :raises ParameterError: when ``base_url`` is not an http(s) URL.
    :raises DataError: when ``out`` exists and is not empty (without ``force``),
        is not a folder, or cannot be written.
    """
    started = time.perf_counter()
    base_url = paths.check_base_url(base_url)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise DataError("not a folder", path=str(out))
    if out.exists() and any(out.iterdir()) and not force:
        raise DataError("folder exists and is not empty; use --force to replace it", path=str(out))
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=parent))
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror or exc}", path=str(parent)) from exc
    try:
        report = SiteReport(out)
        _build(ds, work, base_url, report)
        os.chmod(work, 0o755)  # mkdtemp makes it private; a site is for everyone to read
        _replace(work, out)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise DataError(f"cannot write: {exc.strerror or exc}", path=str(exc.filename or out)) from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    return report


def _replace(work: Path, out: Path) -> None:
    """Move the built folder into place; an old ``out`` is removed only once the new one is there."""
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        os.replace(work, out)
        shutil.rmtree(old)
    else:
        os.replace(work, out)


class _Writer:
    def __init__(self, root: Path, report: SiteReport) -> None:
        self.root, self.report = root, report

    def write(self, path: str, content: str | bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        self.report.files += 1
        if path.endswith(".html"):
            self.report.pages += 1


def _build(ds: Dataset, root: Path, base_url: str, report: SiteReport) -> None:
    w = _Writer(root, report)
    for name in STATIC:
        w.write(f"static/{name}", (files("wpkld.web") / "static" / name).read_bytes())
    downloads = _downloads(ds, root, base_url)
    forget(ds, "downloads")  # an earlier build of the same data may have other download URLs
    cached(ds, "downloads", lambda: downloads)  # the home page lists them
    resources = catalogue.resources(ds)
    for row in resources:
        iri = row["resource"]
        # The page and the RDF files show one description, queried once.
        graph = description(ds, iri)
        cached(ds, "description:" + iri, lambda: graph)  # noqa: B023 (used before the loop moves on)
        for ext in RDF_FILES:
            w.write(paths.file_path(iri, ext), serialize(graph, ext))
        w.write(paths.file_path(iri, "var"), rules.type_map(iri.rsplit("/", 1)[-1], RDF_FILES))
        w.write(paths.page_path(iri) or "", render_page(ds, iri, base_url=base_url))
        forget(ds, "description:" + iri)
        report.resources += 1
    for folder, _, _ in catalogue.kinds(ds):
        _page(w, ds, BASE + folder + "/", base_url)
    for rest in ("", "search", "ontology", "query/", "pictures/"):
        _page(w, ds, BASE + rest, base_url)
    from ..queries import catalogue as queries

    for name in queries():
        _page(w, ds, BASE + "query/" + name, base_url)
    for name in PICTURES:
        _page(w, ds, BASE + "pictures/" + name, base_url)
    w.write("ontology.ttl", (root / "download" / "ontology" / "wpkld.ttl").read_bytes())
    w.write("ontology.var", rules.type_map("ontology", ("ttl",)))
    w.write("search-index.json", search_index(ds))
    w.write(".htaccess", rules.site_htaccess())
    if not base_url.startswith(BASE):
        w.write("w3id/.htaccess", rules.w3id_htaccess(base_url))
    else:
        report.notes.append("no w3id redirect rules: give --base-url the site's own host to write w3id/.htaccess")


def _page(w: _Writer, ds: Dataset, iri: str, base_url: str) -> None:
    w.write(paths.page_path(iri) or "", render_page(ds, iri, base_url=base_url))


def search_index(ds: Dataset) -> str:
    """Return the search index: every resource with every name, each name with its folded key."""
    names: dict[str, list[str]] = {}
    for found in ds.store.select(query_text("names")).rows:
        names.setdefault(found["resource"].value, []).append(found["name"].value)
    entries = []
    for row in catalogue.resources(ds):
        iri = row["resource"]
        if iri not in names:
            continue
        entries.append({"label": row.get("label") or iri.rsplit("/", 1)[-1],
                        "kind": row.get("typeLabel") or catalogue.kind_of(iri),
                        "path": paths.page_path(iri),
                        "names": [[n, fold(n)] for n in sorted(set(names[iri]))]})
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def statements_csv(ds: Dataset) -> bytes:
    """Return the statements table: one row per statement, with its source, quote and conflicts."""
    results = ds.store.select(query_text("statements"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(results.variables)
    #: GROUP_CONCAT's parts come in no defined order: sorted, the table is the same bytes every run.
    joined = {"value": " | ", "conflicts": " "}
    for row in results.rows:
        cells = []
        for v in results.variables:
            text = _csv_value(row[v]) if v in row else ""
            if v in joined:
                text = joined[v].join(sorted(text.split(joined[v]))) if text else ""
            cells.append(text)
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def _csv_value(term: Any) -> str:
    value = to_python(term)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _downloads(ds: Dataset, root: Path, base_url: str) -> list[dict[str, Any]]:
    """Write the downloads: the release files (every export, ontology, shapes, SSSOM, VoID/DCAT),
    the statements table, and one SHA256SUMS over them all."""
    from ..release import release

    folder = root / "download"
    release(folder, base_url=base_url + "download/")
    (folder / "statements.csv").write_bytes(statements_csv(ds))
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != "SHA256SUMS")
    sums = "".join(f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names)
    (folder / "SHA256SUMS").write_text(sums, encoding="ascii")
    titles = {"statements.csv": "Every statement, one row each: subject, property, value, date and its "
                                "wording, name as written, source, quote, conflicts",
              "void.ttl": "VoID/DCAT description: licence, version, counts, distributions",
              "SHA256SUMS": "Checksums of every download",
              "mappings/wikidata.sssom.tsv": "Wikidata mappings (SSSOM)",
              "context.jsonld": "The JSON-LD context of the exports"}
    found = []
    # The whole graph first, then the tables and descriptions, then ontology and shapes.
    order = sorted(names, key=lambda n: (not n.startswith("wpkld."), "/" in n, n))
    for name in [*order, "SHA256SUMS"]:
        ext = name.rsplit(".", 1)[-1]
        title = titles.get(name) or (f"The whole graph (ontology, data, derived triples), {ext}"
                                     if name.startswith("wpkld.") else name.split("/", 1)[0].capitalize())
        found.append({"name": name, "path": "download/" + name, "title": title,
                      "size": (folder / name).stat().st_size})
    return found


__all__ = ["SiteReport", "build_site", "search_index", "statements_csv"]
