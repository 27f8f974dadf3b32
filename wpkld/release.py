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
from .errors import DataError
from .export import FORMATS, context, serialize, write
from .graph import Graph, canonical, prefixes_of
from .store import read_source
from .void import Distribution, describe


def release(out_dir: Path, *, base_url: str | None = None,
            endpoint: str | None = None) -> list[Path]:
    """Write a release: every format, the ontology, shapes, mappings, VoID/DCAT, SHA256SUMS.

    :param out_dir: an empty or new directory.
    :param base_url: where the release will be published (download URLs in
        the DCAT description); by default ``https://w3id.org/wpkld/release/VERSION/``.
    :param endpoint: a public SPARQL endpoint serving the data, if any.
    :returns: the files written, ``SHA256SUMS`` last.
    :raises DataError: when ``out_dir`` is not empty or cannot be written.
    """
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        # A stale file from an older release would be shipped unchecked.
        raise DataError("not an empty directory; remove it or choose another --out", path=str(out_dir))
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
    written = []
    for name, (content, *_) in sorted(files.items()):
        write(out_dir / name, content)
        written.append(out_dir / name)
    sums = "".join(f"{hashlib.sha256(files[name][0]).hexdigest()}  {name}\n" for name in sorted(files))
    write(out_dir / "SHA256SUMS", sums.encode("ascii"))
    return [*written, out_dir / "SHA256SUMS"]
