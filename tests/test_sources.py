"""Every quote is an exact (whitespace-normalized) substring of its source text."""

from __future__ import annotations

import re
from pathlib import Path

import wpkld

WPK = "https://w3id.org/wpkld/ontology#"
PROV = "http://www.w3.org/ns/prov#"

QUOTES = f"""
SELECT ?statement ?quote ?file WHERE {{
  ?statement <{WPK}quote> ?quote ;
             <{PROV}wasDerivedFrom> ?source .
  ?source <{WPK}sourceFile> ?file .
}}"""


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_statement_names_a_source_file(ds: wpkld.Dataset) -> None:
    orphans = ds.sparql_rows(f"""
        SELECT ?statement WHERE {{
          ?statement <{WPK}quote> ?quote .
          FILTER NOT EXISTS {{ ?statement <{PROV}wasDerivedFrom>/<{WPK}sourceFile> ?file }}
        }}""")
    assert orphans == []


def test_quotes_are_verbatim(ds: wpkld.Dataset, sources_dir: Path) -> None:
    texts: dict[str, str] = {}
    rows = ds.sparql_rows(QUOTES)
    assert len(rows) > 500, "the dataset should hold hundreds of quoted statements"
    missing = []
    for row in rows:
        file = row["file"]
        if file not in texts:
            texts[file] = normalize((sources_dir / file).read_text(encoding="utf-8"))
        if normalize(row["quote"]) not in texts[file]:
            missing.append(f"{row['statement']}: {row['quote']!r} not in {file}")
    assert not missing, "\n".join(missing[:20])


def test_source_files_named_in_data_exist(ds: wpkld.Dataset, sources_dir: Path) -> None:
    files = {r["file"] for r in ds.sparql_rows(
        f"SELECT DISTINCT ?file WHERE {{ ?s <{WPK}sourceFile> ?file }}")}
    assert files == {p.name for p in sources_dir.glob("*.txt")}

