"""The ``wpkld`` command: one click group, one module per verb.

Heavy libraries (rdflib, pyshacl, requests) are imported inside the commands
that need them, so that ``wpkld --help`` and ``wpkld query`` start fast.
"""

from __future__ import annotations

import sys

import click

from ..errors import WpkldError
from .commands import LazyGroup

EPILOG = """\b
Exit status:
  0  success; the data conforms
  1  the data does not conform, or a check (e.g. wikidata verify) failed
  2  usage error, unknown query or parameter, unreadable or malformed input
  3  a remote service (SPARQL endpoint, Graph Store, Wikidata) failed

\b
Examples:
  wpkld query purges --param faction=yanan
  wpkld query person -p person="Park Hun-young" --format json
  wpkld resolve "Mu Chng"
  wpkld validate --data my-additions.ttl
  wpkld query timeline -p from=1956 -p to=1958 --endpoint http://localhost:7878/query

The data: https://w3id.org/wpkld/ (see README.md for the namespace policy).
"""


@click.group(cls=LazyGroup, epilog=EPILOG,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="wpkld")
def cli() -> None:
    """Query, validate, export and link the history of the Workers' Party of Korea.

    wpkld bundles a sourced linked-data dataset (persons, factions, parties,
    party bodies, meetings, purges, trials, fates and numbers, each claim with
    its source text and a verbatim quote) and answers canned SPARQL queries
    on it, embedded or against any SPARQL 1.1 server (--endpoint).
    """


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status; errors become one line on stderr.

    The one place where failures turn into exit codes: commands raise
    :class:`~wpkld.errors.WpkldError` (its ``exit_code``: 1 a check failed,
    2 usage or input, 3 network or store) or click's usage errors (2).
    """
    try:
        code = cli.main(args=argv, prog_name="wpkld", standalone_mode=False)
    except WpkldError as exc:
        click.echo(f"wpkld: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("wpkld: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours.
        sys.stderr.close()
        return 0
    # --help and --version return click's exit code; a command returns None.
    return code if isinstance(code, int) else 0
