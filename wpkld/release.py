"""Write a release folder: every export format, the ontology, shapes, mappings, VoID/DCAT, SHA256SUMS.

The layout follows the ODK's release folders: one file per artefact, named
for what it holds, and checksums for all of them; the VoID/DCAT description
lists each file with its size and checksum.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import resources
from ._version import __version__
from .atomic import build_folder, check_folder
from .export import FORMATS, context, serialize
from .graph import Graph, canonical, prefixes_of
from .store import read_source
from .void import Distribution, describe


def release(out_dir: Path, *, base_url: str | None = None,
            endpoint: str | None = None, force: bool = False) -> list[Path]:
    """Write a release: every format, the ontology, shapes, mappings, VoID/DCAT, SHA256SUMS.

    :param out_dir: an empty or new directory; it appears whole or not at all
        (built in a temporary sibling, then renamed).
    :param base_url: where the release will be published (download URLs in
        the DCAT description); by default ``https://w3id.org/wpkld/release/VERSION/``.
    :param endpoint: a public SPARQL endpoint serving the data, if any.
    :param force: replace a non-empty ``out_dir``.
    :returns: the files written, ``SHA256SUMS`` last.
    :raises DataError: when ``out_dir`` is not empty (without ``force``) or cannot be written.
    """
    check_folder(out_dir, force=force)  # before the work, not after it
    base = base_url or f"https://w3id.org/wpkld/release/{__version__}/"
    base = base if base.endswith("/") else base + "/"
    graph = canonical()
    files: dict[str, tuple[bytes, str, str | None, str]] = {}  # name: content, type, format, title
    for fmt, rdf_format in FORMATS.items():
        files[f"wpkld.{rdf_format.file_extension}"] = (
            serialize(graph, fmt), rdf_format.media_type, rdf_format.iri,
            f"The dataset with its ontology and derived triples, in {rdf_format.name}")
    files["context.jsonld"] = ((json.dumps(context(graph), indent=1) + "\n").encode("utf-8"),
                               "application/ld+json", None, "The JSON-LD context of the exports")
    for folder, entries in (("ontology", resources.ontology_files()),
                            ("shapes", resources.shapes_files())):
        for entry in entries:
            files[f"{folder}/{entry.name}"] = (read_source(entry), "text/turtle", None,
                                               f"{folder.capitalize()}: {entry.name}")
    mappings = resources.mapping_file("wikidata.sssom.tsv")
    if mappings.is_file():
        files["mappings/wikidata.sssom.tsv"] = (read_source(mappings), "text/tab-separated-values",
                                                None, "Wikidata mappings (SSSOM)")
    distributions = [Distribution(base + name, media_type, format_iri, len(content),
                                  hashlib.sha256(content).hexdigest(), title)
                     for name, (content, media_type, format_iri, title) in sorted(files.items())]
    about = describe(graph, distributions=distributions, endpoint=endpoint)
    files["void.ttl"] = (serialize(Graph(about, prefixes_of(about)), "ttl"), "text/turtle", None, "")
    names = sorted(files)
    sums = "".join(f"{hashlib.sha256(files[name][0]).hexdigest()}  {name}\n" for name in names)
    contents = {**{name: files[name][0] for name in names}, "SHA256SUMS": sums.encode("ascii")}
    # A stale file from an older release would be shipped unchecked: the folder is
    # built whole in a temporary sibling and renamed, so a killed run leaves none.
    with build_folder(out_dir, force=force) as building:
        for name, content in contents.items():
            (building / name).parent.mkdir(exist_ok=True)
            (building / name).write_bytes(content)
    return [out_dir / name for name in contents]
