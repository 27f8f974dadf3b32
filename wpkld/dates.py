"""Read a text's date wording ("by 1960", "the late 1950s") into the one encoding the data uses.

This is the single implementation of the date rule of docs/model.md
("Dates"): every date statement of the dataset is its wording read by
:func:`read_date`, or carries a ``wpk:dateNote`` saying why not.

The rule in brief:

* a single day, month or year is a point (``value``) at that precision;
* a period wider than its unit (a decade, a season, part of a decade) is an
  uncertain date: ``earliest`` and ``latest``;
* two ends the text gives ("between X and Y", "from X to Y", "1957-1959",
  "X and Y") are a span: ``start`` and ``end``; "X or Y" is uncertain;
* "by X" and "before X" give only ``latest``, "after X" only ``earliest``,
  "since X" / "from X onwards" only ``start``, "until X" only ``end``;
* "early/mid/late" and seasons read by a fixed convention and set
  ``approximate``; so do "around", "about", "circa", "approximately".

Bounds are inclusive at the precision the text gives, and never finer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from .errors import WpkldError

__all__ = ["DateReading", "DateWordingError", "read_date"]

Precision = Literal["day", "month", "year"]


class DateWordingError(WpkldError, ValueError):
    """A date wording the rule cannot read (no date in it, or more than two)."""


@dataclass(frozen=True)
class DateReading:
    """A date wording read by the rule: lexical xsd values, ``None`` where the text gives none.

    ``value`` is ``rdf:object`` of a date claim (``wpk:date`` on a membership
    or quantity); the others are ``wpk:earliestDate``, ``wpk:latestDate``,
    ``wpk:startDate`` and ``wpk:endDate``. Lexical forms: ``"1956"``
    (xsd:gYear), ``"1956-08"`` (xsd:gYearMonth), ``"1956-08-30"`` (xsd:date).
    """

    value: str | None = None
    earliest: str | None = None
    latest: str | None = None
    start: str | None = None
    end: str | None = None
    approximate: bool = False

    @property
    def precision(self) -> Precision:
        """Return the finest precision among the dates given.

        >>> read_date("between July 1957 and 1958").precision
        'month'
        """
        given = [d for d in (self.value, self.earliest, self.latest, self.start, self.end) if d]
        longest = max(len(d) for d in given)
        return "day" if longest == 10 else "month" if longest == 7 else "year"

    def properties(self) -> dict[str, str]:
        """Return the date properties this reading sets, keyed by their local names.

        >>> read_date("by 1960").properties()
        {'latestDate': '1960'}
        """
        found = {"date": self.value, "earliestDate": self.earliest, "latestDate": self.latest,
                 "startDate": self.start, "endDate": self.end}
        return {name: lexical for name, lexical in found.items() if lexical is not None}


@dataclass(frozen=True)
class _Period:
    """The first and last date a date expression covers, at its precision."""

    first: str
    last: str
    vague: bool = False     # "early", "mid", "late" or a season: conventional bounds
    explicit: bool = False  # the text gives both ends itself ("1957-1959", "August 28-30")
    yearless: bool = False  # "in March": the year comes from the context


_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
           "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# Seasons of the northern hemisphere by meteorological months; winter spans
# two years and "winter 1950" names either, so the rule refuses it.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}
_DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950,
                 "sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990}
# Parts of a decade: early and late are its halves, mid the middle five years.
_DECADE_PARTS = {"early": (0, 4), "mid": (3, 7), "middle": (3, 7), "late": (5, 9)}

_PART = r"(?:(?P<part>early|mid|middle|late)(?:-|\s+)(?:of\s+)?(?:the\s+)?)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_EXPRESSION = re.compile("|".join([
    rf"(?P<range_m>{_MONTH})\s+(?P<d1>\d{{1,2}})\s*[-–]\s*(?P<d2>\d{{1,2}})(?:,?\s+(?P<range_y>\d{{4}}))?\b",
    rf"(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<mdy_y>\d{{4}}))?\b",
    rf"\b(?P<dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dmy_m>{_MONTH}),?(?:\s+(?P<dmy_y>\d{{4}}))?\b",
    rf"{_PART.replace('part', 'season_part')}(?P<season>spring|summer|fall|autumn|winter)"
    r"(?:\s+of)?\s+(?P<season_y>\d{4})\b",
    rf"{_PART.replace('part', 'month_part')}\b(?P<month>{_MONTH}),?(?:\s+of)?\s+(?P<month_y>\d{{4}})\b",
    r"\b(?P<y1>\d{4})\s*[-–]\s*(?P<y2>\d{4})\b",
    rf"{_PART.replace('part', 'decade_part')}(?:(?P<decade>\d{{3}}0)(?:'s|s)|(?P<decade_w>"
    + "|".join(_DECADE_WORDS) + r"))\b",
    rf"{_PART.replace('part', 'year_part')}\b(?P<year>\d{{4}})\b",
    # A month named without a year ("In March"): the year comes from the context.
    r"\b(?P<bare_m>january|february|march|april|june|july|august|september|october|november"
    r"|december)\b(?!,?\s*\d)",
]))

# Words that make a date a bound or an end, looked for before the first date
# expression; the one nearest to the date decides ("In the period before the
# founding": before). Plain "in", "on", "of", "during" leave the date as it is.
_OPERATORS = [
    ("after", r"\bafter\b|\bin the wake of\b|^following\b"),
    ("by", r"\bby\b"),
    ("before", r"\bbefore\b"),
    ("since", r"\bsince\b|\bstarting\b|\bbeginning\b"),
    ("until", r"\buntil\b|\btill\b|\bup to\b"),
    ("from", r"\bfrom(?: the)?\s*$"),
    ("until", r"\bfrom\b.*\b(?P<op>to)\b"),  # "from the beginning of the war to the late fifties"
    ("between", r"\bbetween\b"),
    ("during", r"\bduring\b|\bwithin\b"),
]
_APPROXIMATE = re.compile(r"\b(?:around|about|circa|c\.|approximately|roughly"
                          r"|(?:the )?(?:end|beginning|start|middle) of)(?=\s|$)")
# "did not join the party until 1931": he joined in 1931, a point.
_NEGATION = re.compile(r"\b(?:not|never)\b|n't\b")
_ONWARDS = re.compile(r"\b(?:onwards?|and after|and the subsequent)\b")


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".")[:3]]


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _period(m: re.Match[str], context_year: int | None, wording: str) -> _Period:
    """Return the period one date expression covers."""
    g = m.groupdict()

    def year(key: str) -> int:
        if g.get(key):
            return int(g[key])
        if context_year is None:
            raise DateWordingError(f"the date wording {wording!r} gives no year: "
                                   "give the words that do as wpk:dateContext")
        return context_year

    if g["range_m"]:
        y, mo = year("range_y"), _month(g["range_m"])
        return _Period(f"{_ym(y, mo)}-{int(g['d1']):02d}", f"{_ym(y, mo)}-{int(g['d2']):02d}",
                       explicit=True, yearless=not g["range_y"])
    if g["mdy_m"] or g["dmy_m"]:
        key = "mdy" if g["mdy_m"] else "dmy"
        y, mo, d = year(f"{key}_y"), _month(g[f"{key}_m"]), int(g[f"{key}_d"])
        day = f"{_ym(y, mo)}-{d:02d}"
        return _Period(day, day, yearless=not g[f"{key}_y"])
    if g["season"]:
        if g["season"] == "winter":
            raise DateWordingError(f"the date wording {wording!r} names a winter, which spans "
                                   "two years: encode it by hand with a wpk:dateNote")
        y = int(g["season_y"])
        first, last = _SEASONS[g["season"]]
        return _Period(_ym(y, first), _ym(y, last), vague=True)
    if g["month"]:
        month = _ym(int(g["month_y"]), _month(g["month"]))
        return _Period(month, month, vague=bool(g["month_part"]))
    if g["y1"]:
        return _Period(g["y1"], g["y2"], explicit=True)
    if g["decade"] or g["decade_w"]:
        start = int(g["decade"]) if g["decade"] else _DECADE_WORDS[g["decade_w"]]
        if g["decade_part"]:
            low, high = _DECADE_PARTS[g["decade_part"]]
            return _Period(str(start + low), str(start + high), vague=True)
        return _Period(str(start), str(start + 9))
    if g["year"]:
        return _Period(g["year"], g["year"], vague=bool(g["year_part"]))
    month = _ym(year("bare_y"), _month(g["bare_m"]))
    return _Period(month, month, yearless=True)


def _expressions(text: str, context_year: int | None, wording: str) -> tuple[list[_Period], list[re.Match[str]]]:
    matches = list(_EXPRESSION.finditer(text))
    return [_period(m, context_year, wording) for m in matches], matches


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("—", "-")).strip().lower()


def read_date(wording: str, *, context: str | None = None) -> DateReading:
    """Read a date wording by the one date rule of docs/model.md.

    :param wording: the text's own words for the date (``wpk:dateText``).
    :param context: the words of the same text that give the date or the
        year the wording leaves out (``wpk:dateContext``: "In March" after
        "In January 1951"; "At present" in an article of 2024).
    :returns: the value, bounds or span, and whether it is approximate.
    :raises DateWordingError: when neither the wording nor the context gives
        a date, or the wording gives more than two.

    >>> read_date("In August 1956")
    DateReading(value='1956-08', earliest=None, latest=None, start=None, end=None, approximate=False)
    >>> read_date("by the early 1960s").properties()
    {'latestDate': '1964'}
    >>> read_date("1955 or 1956").properties()
    {'earliestDate': '1955', 'latestDate': '1956'}
    >>> read_date("In March", context="In January 1951").value
    '1951-03'
    """
    text = _normalize(wording)
    approximate = bool(_APPROXIMATE.search(text))
    context_reading = read_date(context) if context is not None else None
    context_year = None
    if context_reading is not None:
        some_date = next(iter(context_reading.properties().values()))
        context_year = int(some_date[:4])
    periods, matches = _expressions(text, context_year, wording)
    if not periods:
        if context is None:
            raise DateWordingError(f"the date wording {wording!r} gives no date: give the "
                                   "words of the text that do as wpk:dateContext")
        # The wording names no date ("at present", "meanwhile"): the context
        # gives it, and the wording may still make it a bound ("before").
        ctext = _normalize(context)
        periods, matches = _expressions(ctext, None, context)
        approximate = approximate or bool(_APPROXIMATE.search(ctext))
        prefix = text + " " + ctext[:matches[0].start()]
        between = ctext[matches[0].end():matches[-1].start()]
        after = ctext[matches[-1].end():]
    else:
        prefix = text[:matches[0].start()]
        between = text[matches[0].end():matches[-1].start()]
        after = text[matches[-1].end():]
    if len(periods) > 2:
        raise DateWordingError(f"the date wording {wording!r} gives {len(periods)} dates: "
                               "a statement's wording gives one or two")
    approximate = approximate or any(p.vague for p in periods)
    found = [(m.start("op") if "op" in m.groupdict() else m.start(), name)
             for name, pattern in _OPERATORS
             for m in list(re.finditer(pattern, prefix))[-1:]]
    operator = max(found)[1] if found else "in"
    reading = DateReading(approximate=approximate)
    if len(periods) == 2:
        first, second = periods
        if re.search(r"\bor\b", between):
            return replace(reading, earliest=first.first, latest=second.last)
        return replace(reading, start=first.first, end=second.last)
    (period,) = periods
    if operator == "by":
        return replace(reading, latest=period.last)
    if operator == "before":
        return replace(reading, latest=period.first)
    if operator == "after":
        return replace(reading, earliest=period.last)
    # A start or end within a wider period ("since the 1940s") is that
    # period's first or last year, which the text does not pin down.
    wide = period.first != period.last
    if operator == "since" or (operator == "from" and not period.explicit) or _ONWARDS.search(after):
        return replace(reading, start=period.first, approximate=approximate or wide)
    if operator == "until" and not _NEGATION.search(prefix):
        return replace(reading, end=period.last, approximate=approximate or wide)
    # "1957-1959" is a span; "during the Korean War of 1950-1953", a time within one.
    if period.explicit and operator != "during":
        return replace(reading, start=period.first, end=period.last)
    if period.first == period.last:
        return replace(reading, value=period.first)
    return replace(reading, earliest=period.first, latest=period.last)
