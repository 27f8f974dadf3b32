"""Apply an IRI rename map (old IRI, new IRI, reason; tab-separated) to every tracked text file.

Usage, from the repository root: ``python3 scripts/apply_renames.py docs/renames-0.2.tsv``.
Each old IRI is replaced wherever it appears as a full IRI, a CURIE
(``event:1953-07-armistice``) or a bare slug (``"1953-07-armistice"`` in a
test): the slug is matched only where no letter, digit or hyphen touches it,
so ``1950-purge-of-mu-chong`` never matches inside a longer slug. Files are
rewritten in place line by line, so Turtle keeps its layout; nothing is
re-serialized. Re-running is harmless: a renamed slug no longer matches.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

#: Suffixes of the files that may hold an IRI, a CURIE or a slug.
TEXT = (".ttl", ".py", ".md", ".rq", ".ru", ".tsv", ".json", ".csv", ".txt", ".toml", ".html", ".yml")


def load(path: Path) -> list[tuple[str, str]]:
    """Return (old slug, new slug) pairs, each pair of one resource kind."""
    pairs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            old, new = row["old_iri"], row["new_iri"]
            old_kind, old_slug = old.rsplit("/", 2)[-2:]
            new_kind, new_slug = new.rsplit("/", 2)[-2:]
            if old_kind != new_kind:
                raise SystemExit(f"{path}: {old} and {new} are of different kinds")
            pairs.append((old_slug, new_slug))
    return pairs


def main(argv: list[str]) -> int:
    table = Path(argv[1])
    pairs = load(table)
    pattern = re.compile(r"(?<![A-Za-z0-9-])(" + "|".join(re.escape(o) for o, _ in pairs) + r")(?![A-Za-z0-9-])")
    new_of = dict(pairs)
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split("\n")
    changed = 0
    for name in files:
        path = Path(name)
        if not name or path.suffix not in TEXT or path.resolve() in (table.resolve(), Path(__file__).resolve()):
            continue
        text = path.read_text(encoding="utf-8")
        result = pattern.sub(lambda m: new_of[m.group(1)], text)
        if result != text:
            # Atomic: a temporary file beside the target, then a rename.
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, newline="") as tmp:
                tmp.write(result)
            os.chmod(tmp.name, path.stat().st_mode)
            os.replace(tmp.name, path)
            changed += 1
            print(f"{name}: {len(pattern.findall(text))} replaced")
    print(f"{changed} files changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
