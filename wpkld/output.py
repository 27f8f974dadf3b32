"""Write query results as a table for people, as CSV, or as W3C SPARQL JSON.

The table is for reading: where a query returns ``?xLabel`` beside ``?x`` the
column ``x`` shows the label instead of the IRI, other IRIs are shortened to
CURIEs (``person:pak-hon-yong``), and dates read as dates ("30 Aug 1956").
CSV and JSON keep every variable and every term as the standards say
(`SPARQL 1.1 Query Results CSV and TSV`_, `SPARQL 1.1 Query Results JSON`_).

.. _SPARQL 1.1 Query Results CSV and TSV: https://www.w3.org/TR/sparql11-results-csv-tsv/
.. _SPARQL 1.1 Query Results JSON: https://www.w3.org/TR/sparql11-results-json/
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata

from pyoxigraph import Literal, NamedNode

from .namespaces import XSD, compress
from .store import Results
from .terms import Term, to_sparql_json

#: Widest cell of a table, in terminal columns; longer text ends with "…".
WIDTH = 50


def format_results(results: Results, fmt: str, *, width: int = WIDTH) -> str:
    """Return the results in a format: ``table``, ``csv`` or ``json``.

    :raises ValueError: for another format name.

    >>> from wpkld.store import Results
    >>> r = Results(["p", "pLabel"], [{"p": NamedNode("https://w3id.org/wpkld/person/mu-chong"),
    ...                                  "pLabel": Literal("Mu Chong")}])
    >>> format_results(r, "csv").splitlines()
    ['p,pLabel', 'https://w3id.org/wpkld/person/mu-chong,Mu Chong']
    >>> print(format_results(r, "table"))
    p
    --------
    Mu Chong
    """
    if fmt == "json":
        return to_json(results)
    if fmt == "csv":
        return to_csv(results)
    if fmt == "table":
        return to_table(results, width=width)
    raise ValueError(f"unknown result format {fmt!r} (use table, csv or json)")


def to_json(results: Results) -> str:
    """Return the W3C SPARQL 1.1 Query Results JSON document of the results."""
    import json  # here: a table or CSV, the usual output, does without it at start

    document = {"head": {"vars": results.variables},
                "results": {"bindings": [{k: to_sparql_json(v) for k, v in row.items()}
                                         for row in results.rows]}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(results: Results) -> str:
    """Return the W3C SPARQL 1.1 Query Results CSV: lexical values, CRLF line ends."""
    import csv  # here: a table, the default output, does without it at start

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow([row[v].value if v in row else "" for v in results.variables])
    return out.getvalue()


def columns(variables: list[str]) -> list[str]:
    """Return the table's columns: ``xLabel`` is shown in column ``x``, not twice.

    >>> columns(["person", "personLabel", "date"])
    ['person', 'date']
    """
    shown = set(variables)
    return [v for v in variables if not (v.endswith("Label") and v[:-5] in shown)]


def to_table(results: Results, *, width: int = WIDTH) -> str:
    """Return an aligned plain-text table: labels not IRIs, readable dates.

    >>> from wpkld.store import Results
    >>> d = Literal("1956-08-30", datatype=NamedNode(XSD + "date"))
    >>> e = NamedNode("https://w3id.org/wpkld/event/1956-08-august-plenum")
    >>> print(to_table(Results(["event", "date"], [{"event": e, "date": d}])))
    event                        date
    ---------------------------  -----------
    event:1956-08-august-plenum  30 Aug 1956
    """
    heads = columns(results.variables)
    # Each cell's width is found once: a Hangul cell is measured character by character.
    cells = [_sized([_clip(_cell(row, var), width) for var in heads]) for row in results.rows]
    top = _sized(heads)
    widths = [max([top[i][1]] + [line[i][1] for line in cells]) for i in range(len(heads))]
    lines = [_line(top, widths), _line(_sized(["-" * w for w in widths]), widths)]
    lines += [_line(line, widths) for line in cells]
    if not cells:
        lines.append("(no rows)")
    return "\n".join(lines)


def readable(term: Term) -> str:
    """Return a term as a person reads it: CURIEs for IRIs, dates spelled out.

    >>> readable(Literal("1956-08", datatype=NamedNode(XSD + "gYearMonth")))
    'Aug 1956'
    >>> readable(Literal("1955", datatype=NamedNode(XSD + "gYear")))
    '1955'
    >>> readable(NamedNode("https://w3id.org/wpkld/faction/yanan"))
    'faction:yanan'
    """
    if isinstance(term, NamedNode):
        return compress(term.value)
    if not isinstance(term, Literal):
        return f"_:{term.value}"
    datatype, value = term.datatype.value, term.value
    try:
        if datatype == XSD + "date":
            day = datetime.date.fromisoformat(value)
            return f"{day.day} {day:%b %Y}"
        if datatype == XSD + "gYearMonth":
            return f"{datetime.date.fromisoformat(value + '-01'):%b %Y}"
    except ValueError:
        pass  # an ill-typed literal shows as written rather than failing
    return " ".join(value.split())


def _cell(row: dict[str, Term], var: str) -> str:
    label = row.get(var + "Label")
    if label is not None:
        return readable(label)
    return readable(row[var]) if var in row else ""


#: The characters that can take two columns: every assigned one before U+1100 (Hangul Jamo) takes one.
#: Written as the complement of the low range: the range up to U+10FFFF took 4.5 ms to compile, at
#: every start of the command line.
_HIGH = re.compile(r"[^\x00-\u10ff]")


def _width(text: str) -> int:
    """Return the terminal columns text takes (Hangul and CJK take two).

    >>> _width("Pak Hon-yong’s trial …"), _width("박헌영")
    (22, 6)
    """
    if text.isascii():  # most cells: no lookup at all
        return len(text)
    return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in _HIGH.findall(text))


def _clip(text: str, width: int) -> str:
    size = _width(text)
    if size <= width:
        return text
    if size == len(text):  # one column a character: a slice, not a walk
        return text[:width - 1] + "…"
    out, used = "", 0
    for c in text:
        used += _width(c)
        if used > width - 1:
            break
        out += c
    return out + "…"


def _sized(cells: list[str]) -> list[tuple[str, int]]:
    return [(c, _width(c)) for c in cells]


def _line(cells: list[tuple[str, int]], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - size) for (c, size), w in zip(cells, widths, strict=True)).rstrip()
