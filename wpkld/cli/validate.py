"""``wpkld validate``: check the bundled data, or other files, against the shapes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import CheckFailed
from ..namespaces import SH

if TYPE_CHECKING:
    from ..validate import Report

SHAPES = "https://w3id.org/wpkld/shapes#"


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False), metavar="[FILE]...")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              metavar="FILE",
              help="Validate these RDF files instead of the bundled data (.ttl, .nt, .nq, .trig, "
                   ".jsonld; repeatable, or list more FILEs after it).")
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on violations.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ttl"]), default="text",
              show_default=True,
              help="text for people, grouped by node; json for programs; ttl is the SHACL "
                   "validation report graph.")
def validate(files: tuple[Path, ...], data: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Check data against the SHACL shapes, with the ontology.

    Without --data, checks the bundled dataset (direct triples derived from
    the statements are checked too). The report groups the results by node
    and says, for each, what is wrong and what is expected.

    \b
    Exit status:
      0  the data conforms (warnings alone do not fail without --strict)
      1  the data has violations (or warnings, with --strict)
      2  a file cannot be read or parsed (the message names file and line)

    \b
    Examples:
      wpkld validate
      wpkld validate --data my-additions.ttl dataset/persons.ttl
      wpkld validate --data export.nt --format json
    """
    from ..validate import validate as check

    paths = [*data, *files]
    report = check(data=paths or None, strict=strict)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif fmt == "ttl":
        click.echo(report.turtle(), nl=False)
    else:
        click.echo(as_text(report))
    if not report.conforms:
        raise CheckFailed("the data does not conform (see the report above)")


def as_text(report: Report) -> str:
    """Return the report for people: one block per node, the most serious first."""
    lines = []
    for group in report.by_focus():
        lines.append(f"{readable(group.node)}  ({group.label})")
        said: dict[tuple[str, str, str, str], list[str]] = {}  # one line for what one shape says
        for result in group.results:
            where = readable(result.path or "")
            if result.value is not None:
                value = readable(result.value)
                where = f"{where} = {value}" if where else value
            key = (result.severity.lower(), where, result.shape.replace(SHAPES, "wpksh:"), result.message)
            said.setdefault(key, []).append(
                result.component.removeprefix(SH).removesuffix("ConstraintComponent"))
        for (severity, where, shape, message), constraints in said.items():
            lines.append(f"  {severity}: {where}  [{', '.join(constraints)}; {shape}]".replace(":   [", ": ["))
            lines.append(f"    {message}")
        lines.append("")
    counts = [f"{report.count(s)} {s.lower()}{'s' if report.count(s) != 1 else ''}"
              for s in ("Violation", "Warning", "Info") if report.count(s)]
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{', '.join(counts) or 'no results'}: the data {verdict}"
                 + (" (--strict: warnings fail)" if report.strict else "") + ".")
    return "\n".join(lines)


def readable(text: str) -> str:
    """Shorten the IRIs of a path, a term or an IRI to CURIEs where a prefix is known.

    >>> readable('"1956-13"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>')
    '"1956-13"^^xsd:gYearMonth'
    >>> readable("https://w3id.org/wpkld/person/pak-hon-yong")
    'person:pak-hon-yong'
    """
    from ..namespaces import compress

    if "<" not in text:
        return compress(text)
    return re.sub(r"<([^<>]+)>", lambda m: compress(m.group(1)) if compress(m.group(1)) != m.group(1)
                  else m.group(0), text)
