"""The site's pictures, drawn from canned-query results as deterministic SVG with a link on every mark.

* the purge timeline (``purges`` per faction): one lane per faction, one mark
  per repression event, coloured by kind; matplotlib;
* the faction network (``faction-members``, ``person``, ``purges``): persons,
  factions and the party bodies they sat on, purge status as colour; Graphviz;
* the composition of party bodies (``body-composition``): stacked bars of
  seats per faction; matplotlib;
* a person's career line (``person``): factions, posts, events and fate in
  date order; matplotlib.

Each picture comes with an HTML table that says the same in words (its text
equivalent, every row with its source). The SVG is byte-identical across runs:
matplotlib writes no date and salts its ids with a fixed string, Graphviz is
given a fixed layout seed.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..namespaces import WPK
from . import paths

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..api import Dataset

#: Colours of repression kinds (event-kind slugs), milder to harsher, then the reversals
#: (Okabe–Ito and Tol colour-blind-safe palettes).
KIND_COLOURS = {
    "criticism": "#E69F00", "demotion": "#F0E442", "removal": "#DDCC77", "dismissal": "#CC79A7",
    "expulsion": "#D55E00", "purge": "#882255", "arrest": "#56B4E9", "imprisonment": "#332288",
    "trial": "#0072B2", "execution": "#000000", "suicide": "#666666", "pardon": "#44AA99",
    "rehabilitation": "#009E73",
}
OTHER_COLOUR = "#999999"
#: Colours of factions (for the composition bars and the network).
FACTION_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#999999"]
#: Colours of the career line's sections (the ``person`` query's ``section``).
SECTION_COLOURS = {"faction": "#CC79A7", "post": "#0072B2", "event": "#D55E00", "fact": "#009E73",
                   "fate": "#000000"}


def year_of(value: Any) -> float | None:
    """Return a date value of a row (year int, ``date``, "YYYY-MM") as a fractional year.

    >>> year_of(1956), year_of("1956-07"), year_of(datetime.date(1956, 8, 30))
    (1956.5, 1956.54, 1956.66)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value + 0.5
    if isinstance(value, datetime.date):
        return round(value.year + (value.timetuple().tm_yday - 1) / 366, 2)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return round(int(value[:4]) + (int(value[5:]) - 0.5) / 12, 2)
    return None


def _figure(width: float, height: float) -> Figure:
    import matplotlib

    matplotlib.rcParams.update({"svg.hashsalt": "wpkld", "svg.fonttype": "none",
                                "font.family": ["DejaVu Sans"], "font.size": 10})
    from matplotlib.figure import Figure

    # Constrained layout fits labels and legends in one pass (bbox_inches="tight" draws twice).
    return Figure(figsize=(width, height), layout="constrained")


def _svg(fig: Figure, label: str, titles: dict[str, str]) -> str:
    """Return a figure as inline SVG: no XML prolog, a label for assistive technology,
    and a ``<title>`` (the hover text) in each linked mark's group."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "wpkld (matplotlib)"})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = text.replace("<svg ", f'<svg role="group" aria-label="{_escape(label)}" ', 1)
    for gid, title in titles.items():
        text = text.replace(f'<g id="{gid}">', f'<g id="{gid}" class="mark"><title>{_escape(title)}</title>', 1)
    return text


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _table(columns: Sequence[str], rows: Iterable[Sequence[tuple[str, str | None]]], caption: str) -> str:
    from .environment import environment

    return environment().get_template("table.html").render(columns=columns, rows=list(rows),
                                                           caption=caption)


def _short_label(text: str, width: int = 60) -> str:
    """Return a label short enough for an axis, cut at a word with an ellipsis."""
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "…"


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def sorted_rows(ds: Dataset, query: str, *first: str, **params: str) -> list[dict[str, Any]]:
    """Run a canned query; return its rows in a total order: by the ``first`` variables, then by all.

    A query's ORDER BY can leave ties, which an engine returns in any order
    (Oxigraph's differs between processes); the site must be the same bytes
    on every run.
    """
    found = ds.rows(query, params)

    def key(row: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        leading = tuple(("", str(row.get(k, ""))) for k in first)
        return leading + tuple(sorted((k, str(v)) for k, v in row.items()))

    return sorted(found, key=key)


def factions(ds: Dataset) -> list[tuple[str, str]]:
    """Return (IRI, label) of every faction, in the order of the ``factions`` query."""
    seen: dict[str, str] = {}
    for row in sorted_rows(ds, "factions", "factionLabel"):
        seen.setdefault(row["faction"], row.get("factionLabel") or _slug(row["faction"]))
    return list(seen.items())


def timeline(ds: Dataset, here: str) -> tuple[str, str]:
    """Draw the purge timeline: one lane per faction, one mark per repression event."""
    lanes = factions(ds)
    marks: dict[tuple[int, str], dict[str, Any]] = {}
    rows_out = []
    for lane, (faction, faction_label) in enumerate(lanes):
        for row in sorted_rows(ds, "purges", "date", "eventLabel", faction=faction):
            x = year_of(row.get("date"))
            key = (lane, row["event"])
            if x is not None and key not in marks:
                marks[key] = {"x": x, "row": row}
            rows_out.append((faction_label, row))
    fig = _figure(11, 0.75 * len(lanes) + 1.6)
    ax = fig.add_subplot()
    titles: dict[str, str] = {}
    # Marks in the same lane and year are spread vertically so none hides another.
    stack: dict[tuple[int, int], int] = defaultdict(int)
    kinds_seen: dict[str, str] = {}
    for n, ((lane, event), mark) in enumerate(sorted(marks.items(), key=lambda kv: (kv[0][0], kv[1]["x"], kv[0][1]))):
        row = mark["row"]
        kind = _slug(row.get("kind", "")) if row.get("kind") else "other"
        colour = KIND_COLOURS.get(kind, OTHER_COLOUR)
        kinds_seen.setdefault(kind, row.get("kindLabel") or kind)
        slot = stack[(lane, int(mark["x"]))]
        stack[(lane, int(mark["x"]))] += 1
        y = lane + (slot % 5 - 2) * 0.14
        gid = f"timeline-{n}"
        (point,) = ax.plot([mark["x"]], [y], marker="o", markersize=8, color=colour,
                           markeredgecolor="white", markeredgewidth=0.8, linestyle="none")
        point.set_gid(gid)
        point.set_url(paths.href(here, event))
        titles[gid] = f"{row.get('eventLabel') or _slug(event)} ({row.get('date')}) — {lanes[lane][1]}"
    ax.set_yticks(range(len(lanes)), [label for _, label in lanes])
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.set_xlim(1945, 1975)
    ax.grid(axis="x", color="#dddddd")
    ax.set_xlabel("Year (the earliest date any text gives)")
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    from matplotlib.lines import Line2D

    order = [k for k in KIND_COLOURS if k in kinds_seen] + sorted(k for k in kinds_seen if k not in KIND_COLOURS)
    fig.legend(handles=[Line2D([], [], marker="o", linestyle="none", markersize=8,
                              color=KIND_COLOURS.get(k, OTHER_COLOUR), label=kinds_seen[k]) for k in order],
              loc="outside lower center", ncol=min(len(order), 7), frameon=False)
    svg = _svg(fig, "Purge timeline: repression events by faction of the victim, 1945 to the 1970s", titles)
    table = _table(["Faction", "Date", "Event", "Kind", "Victim", "Source"],
                   ([(faction_label, None), (str(r.get("date") or ""), None),
                     (r.get("eventLabel") or _slug(r["event"]), paths.href(here, r["event"])),
                     (r.get("kindLabel") or "", None),
                     (r.get("personLabel") or _slug(r["person"]), paths.href(here, r["person"])),
                     (r.get("sourceLabel") or "", paths.href(here, r["source"]))]
                    for faction_label, r in rows_out),
                   "Repression events by faction of the victim, one row per source")
    return svg, table


def composition(ds: Dataset, here: str) -> tuple[str, str]:
    """Draw the faction composition of party bodies as stacked bars (one bar per body and date)."""
    from .catalogue import resources

    bodies = [(r["resource"], r.get("label") or _slug(r["resource"])) for r in resources(ds)
              if r["type"] in (WPK + "PartyBody", WPK + "StateBody")]
    bars: list[tuple[str, str, str, list[dict[str, Any]]]] = []
    for body, label in bodies:
        by_date: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in sorted_rows(ds, "body-composition", "asOf", body=body):
            by_date[str(row.get("asOf") or "")].append(row)
        for as_of, rows in sorted(by_date.items()):
            bars.append((body, label, as_of, rows))
    bars.sort(key=lambda b: (b[2], b[1]))
    faction_order = [iri for iri, _ in factions(ds)]
    colours = {iri: FACTION_COLOURS[i % len(FACTION_COLOURS)] for i, iri in enumerate(faction_order)}
    fig = _figure(11, 0.6 * max(len(bars), 1) + 1.8)
    ax = fig.add_subplot()
    titles: dict[str, str] = {}
    labels_seen: dict[str, str] = {}
    n = 0
    for i, (body, label, as_of, rows) in enumerate(bars):
        left = 0.0
        # One count per faction: the first text's (others are in the table and on the body's page).
        seats: dict[str, dict[str, Any]] = {}
        for row in rows:
            if isinstance(row.get("seats"), (int, float)):
                seats.setdefault(row["faction"], row)
        for faction in sorted(seats, key=lambda f: faction_order.index(f) if f in faction_order else 99):
            row = seats[faction]
            labels_seen.setdefault(faction, row.get("factionLabel") or _slug(faction))
            (bar,) = ax.barh([i], [row["seats"]], left=left, color=colours.get(faction, OTHER_COLOUR),
                             edgecolor="white", height=0.7)
            gid = f"composition-{n}"
            n += 1
            bar.set_gid(gid)
            bar.set_url(paths.href(here, body))
            titles[gid] = f"{label} ({as_of}): {labels_seen[faction]} {row['seats']} — {row.get('sourceLabel', '')}"
            if row["seats"] >= 1:
                ax.text(left + row["seats"] / 2, i, str(row["seats"]), ha="center", va="center",
                        color="white", fontsize=9)
            left += row["seats"]
    ax.set_yticks(range(len(bars)), [f"{label} ({as_of})" for _, label, as_of, _ in bars])
    ax.invert_yaxis()
    ax.set_xlabel("Seats held by each faction, as the texts count them")
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    from matplotlib.patches import Patch

    fig.legend(handles=[Patch(color=colours.get(f, OTHER_COLOUR), label=labels_seen[f])
                       for f in faction_order if f in labels_seen],
              loc="outside lower center", ncol=6, frameon=False)
    svg = _svg(fig, "Faction composition of party bodies: seats per faction, one bar per body and date", titles)
    table = _table(["Body", "As of", "Faction", "Seats", "Wording", "Source"],
                   ([(label, paths.href(here, body)), (as_of, None),
                     (r.get("factionLabel") or _slug(r["faction"]), paths.href(here, r["faction"])),
                     (str(r.get("seats", "")), None), (r.get("valueText") or "", None),
                     (r.get("sourceLabel") or "", paths.href(here, r["source"]))]
                    for body, label, as_of, rows in bars for r in rows),
                   "Seats per faction on party and state bodies, one row per source")
    return svg, table


def network(ds: Dataset, here: str) -> tuple[str, str]:
    """Draw the faction network: factions, their members, the party bodies they sat on, purge status."""
    import graphviz  # type: ignore[import-untyped]

    from .catalogue import resources

    types = {r["resource"]: r["type"] for r in resources(ds)}
    labels = {r["resource"]: r.get("label") or _slug(r["resource"]) for r in resources(ds)}
    purged = {row["person"] for row in ds.rows("purges")}  # a set: order does not matter
    graph = graphviz.Graph("factions", engine="neato", format="svg")
    graph.attr(overlap="false", splines="true", start="7", outputorder="edgesfirst",
               fontname="DejaVu Sans", bgcolor="transparent")
    graph.attr("node", fontname="DejaVu Sans", fontsize="10", style="filled")
    table_rows = []
    members: dict[str, set[str]] = defaultdict(set)
    for i, (faction, label) in enumerate(factions(ds)):
        graph.node(_slug(faction), label, shape="box", fillcolor=FACTION_COLOURS[i % len(FACTION_COLOURS)],
                   fontcolor="white", fontsize="12", URL=paths.href(here, faction), tooltip=f"Faction: {label}")
        for row in sorted_rows(ds, "faction-members", "personLabel", faction=faction):
            members[row["person"]].add(faction)
            table_rows.append(("member of", row, faction))
    edges: set[tuple[str, str]] = set()
    bodies: set[str] = set()
    for person in sorted(members):
        status = "purged" if person in purged else "not named as purged"
        graph.node(_slug(person), labels.get(person, _slug(person)), shape="ellipse",
                   fillcolor="#D55E00" if person in purged else "#e8eef5",
                   fontcolor="white" if person in purged else "black",
                   URL=paths.href(here, person), tooltip=f"{labels.get(person)} ({status})")
        for faction in sorted(members[person]):
            edges.add((_slug(person), _slug(faction)))
        for row in sorted_rows(ds, "person", person=person):
            what = row.get("what")
            if row.get("section") == "post" and isinstance(what, str) and types.get(what) == WPK + "PartyBody":
                bodies.add(what)
                edges.add((_slug(person), _slug(what)))
                table_rows.append(("sat on", {**row, "person": person}, what))
    for body in sorted(bodies):
        graph.node(_slug(body), labels.get(body, _slug(body)), shape="hexagon", fillcolor="#f3e6b3",
                   URL=paths.href(here, body), tooltip=f"Party body: {labels.get(body)}")
    for a, b in sorted(edges):
        graph.edge(a, b, color="#9aa5b1")
    svg = graph.pipe(encoding="utf-8")
    svg = svg[svg.index("<svg"):]
    svg = svg.replace("<svg ", '<svg role="group" aria-label="Faction network: persons (red when a text '
                      'names them as purged), their factions and the party bodies they sat on" ', 1)
    table = _table(["Person", "Link", "Faction or body", "Purged", "Source"],
                   ([(labels.get(r["person"], _slug(r["person"])), paths.href(here, r["person"])),
                     (how, None), (labels.get(target, _slug(target)), paths.href(here, target)),
                     ("yes" if r["person"] in purged else "", None),
                     (r.get("sourceLabel") or "", paths.href(here, r["source"]) if r.get("source") else None)]
                    for how, r, target in table_rows),
                   "Persons, their factions and the party bodies they sat on, one row per source")
    return svg, table


def career(ds: Dataset, person: str, here: str) -> dict[str, str] | None:
    """Draw a person's career line from the ``person`` query: dated items in order, each linked."""
    found = [r for r in sorted_rows(ds, "person", "date", "until", "whatLabel", person=person)
             if r.get("section") not in ("name", "other name", "Hangul name")]
    if not found:
        return None
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for row in found:
        x = year_of(row.get("date"))
        x2 = year_of(row.get("until"))
        what = row.get("what")
        if x is None and x2 is None or not isinstance(what, str):
            continue
        key = (row["section"], what)
        start = x if x is not None else x2
        if key not in items or (start is not None and start < items[key]["x"]):
            items[key] = {"x": start, "x2": x2 if x is not None else None, "row": row}
    svg = ""
    if items:
        ordered = sorted(items.items(), key=lambda kv: (kv[1]["x"], kv[0]))
        fig = _figure(10, 0.32 * len(ordered) + 1.0)
        ax = fig.add_subplot()
        titles: dict[str, str] = {}
        for i, ((section, what), item) in enumerate(ordered):
            row, colour = item["row"], SECTION_COLOURS.get(section, OTHER_COLOUR)
            gid = f"career-{i}"
            if item["x2"] is not None and item["x2"] > item["x"]:
                (mark,) = ax.plot([item["x"], item["x2"]], [i, i], color=colour, linewidth=6,
                                  solid_capstyle="butt")
            else:
                (mark,) = ax.plot([item["x"]], [i], marker="o", markersize=7, color=colour, linestyle="none")
            mark.set_gid(gid)
            mark.set_url(paths.href(here, what))
            name = row.get("whatLabel") or (what.rsplit("/", 1)[-1] if what.startswith("http") else what)
            titles[gid] = f"{section}: {name} ({row.get('date') or ''}) — {row.get('sourceLabel', '')}"
        ax.set_yticks(range(len(ordered)),
                      [_short_label(item["row"].get("whatLabel") or _slug(what)) for (section, what), item in ordered])
        ax.invert_yaxis()
        low = min(item["x"] for _, item in ordered)
        high = max(max(item["x"], item["x2"] or 0) for _, item in ordered)
        ax.set_xlim(min(low, 1945) - 1, max(high, 1960) + 1)
        ax.grid(axis="x", color="#dddddd")
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        from matplotlib.lines import Line2D

        sections = [s for s in SECTION_COLOURS if any(k[0] == s for k in items)]
        fig.legend(handles=[Line2D([], [], marker="o", linestyle="none", color=SECTION_COLOURS[s], label=s)
                            for s in sections], loc="outside lower center", ncol=len(sections), frameon=False)
        svg = _svg(fig, "Career line: factions, posts, events and fate in date order", titles)
    table = _table(["What", "Kind", "Role", "Date", "Until", "Source"],
                   ([(str(r.get("whatLabel") or r.get("what") or ""),
                      paths.href(here, r["what"]) if str(r.get("what", "")).startswith("http") else None),
                     (r["section"], None), (str(r.get("role") or ""), None), (str(r.get("date") or ""), None),
                     (str(r.get("until") or ""), None),
                     (r.get("sourceLabel") or "", paths.href(here, r["source"]))] for r in found),
                   "The person's factions, posts, events, facts and fate, one row per source")
    return {"svg": svg, "table": table}


def picture(ds: Dataset, name: str, here: str) -> tuple[str, str]:
    """Return one of the site's pictures (``timeline``, ``network``, ``composition``) and its table."""
    draw = {"timeline": timeline, "network": network, "composition": composition}[name]
    return draw(ds, here)
