"""Spell a Hangul name the ways English texts do: McCune–Reischauer, Revised Romanization, press forms.

The texts and their readers write one Korean name many ways: 박헌영 is
"Pak Hŏn-yŏng" (McCune–Reischauer, the scholarly system, which North Korea's
own system follows), "Bak Heon-yeong" (Revised Romanization, South Korea's
since 2000) and "Park Hun-young" (the spelling newspapers use). The systems
come from two libraries from PyPI, not from a table of our own: ``ko_pron``
(a port of Wiktionary's ko-pron module: McCune–Reischauer and Revised
Romanization, with the sound changes between syllables) and ``hangul_names``
(Revised Romanization for personal names, and DramaWiki's preferences, which
are the press conventions: Park, Lee, Choi, Kim Il Sung).

A personal name is split into its surname (the first syllable) and its given
name, and every surname spelling is combined with every given-name spelling,
because people mix them ("Park Hon-yong"). Comparing is left to
:func:`wpkld.names.fold`, which drops case, diacritics, apostrophes, hyphens
and spaces, so "Kim Il Sung", "Kim Il-sung" and "Kim Ilsung" are one key.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

_FIRST, _LAST = 0xAC00, 0xD7A3  # the precomposed Hangul syllables
_PER_INITIAL = 21 * 28  # vowels x finals per initial consonant
_RIEUL, _IEUNG, _NIEUN = 5, 11, 2  # initial consonant indexes: ㄹ, ㅇ, ㄴ
# Vowel indexes of i and the y-diphthongs (ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ), before which the South drops ㄹ/ㄴ.
_I_VOWELS = {2, 3, 6, 7, 12, 17, 20}


def is_hangul(text: str) -> bool:
    """Whether ``text`` contains a Hangul syllable.

    >>> is_hangul("박헌영"), is_hangul("Pak Hon-yong")
    (True, False)
    """
    return any(_FIRST <= ord(c) <= _LAST for c in text)


def spellings(hangul: str, *, personal: bool) -> list[str]:
    """Return the romanized spellings of a Hangul name, sorted, without repeats.

    :param hangul: the name in Hangul (``"박헌영"``).
    :param personal: a person's name: surname and given name are romanized
        apart, as names are written, and their spellings combined.

    >>> names = spellings("박헌영", personal=True)
    >>> [n for n in ("Pak Hŏnyŏng", "Bak Heonyeong", "Park Hun Young", "Park Hŏnyŏng") if n in names]
    ['Pak Hŏnyŏng', 'Bak Heonyeong', 'Park Hun Young', 'Park Hŏnyŏng']
    >>> "Choi Chang Ik" in spellings("최창익", personal=True)
    True
    >>> "Lee Seung Yup" in spellings("리승엽", personal=True)
    True
    >>> spellings("조선로동당", personal=False)
    ['Chosŏllodongdang', 'Joseollodongdang']
    """
    text = unicodedata.normalize("NFC", hangul.strip())
    if not is_hangul(text):
        return []
    if not personal or " " in text or not 2 <= len(text) <= 4:
        return sorted({_capitalize(s) for s in _word(text)})
    surname, given = text[0], text[1:]
    press = _press(text) | _press(_southern(surname) + given)
    surnames = {s for form in {surname, _southern(surname)} for s in _word(form)}
    surnames |= {full.split(" ", 1)[0] for full in press}
    givens = _word(given) | {full.split(" ", 1)[1] for full in press if " " in full}
    return sorted({f"{_capitalize(s)} {_capitalize(g)}" for s in surnames for g in givens})


@functools.cache
def _word(hangul: str) -> frozenset[str]:
    """McCune–Reischauer and Revised Romanization of one word."""
    from ko_pron import romanise  # type: ignore[import-untyped]

    return frozenset(romanise(hangul, system) for system in ("mr", "rr"))


def _press(hangul: str) -> set[str]:
    """The personal-name forms of ``hangul_names``: Revised Romanization and the press conventions."""
    return {t.romanize(hangul) for t in _transliterators()}


@functools.cache
def _transliterators() -> tuple[Any, ...]:
    # DramaWiki() adds its rules to a class-level rule set on every instantiation: make one.
    from hangul_names.dramawiki import DramaWiki  # type: ignore[import-untyped]
    from hangul_names.transliterator import Transliterator  # type: ignore[import-untyped]

    return DramaWiki(), Transliterator()


def _southern(syllable: str) -> str:
    """Return a surname as South Korean spelling writes it (리 → 이, 로 → 노).

    North Korea keeps an initial ㄹ that the South drops or writes ㄴ (the
    "initial sound rule"), so 리승엽 is "Ri Sung-yop" there and "Lee" or "Yi"
    in the South and in the press.

    >>> _southern("리"), _southern("로"), _southern("김")
    ('이', '노', '김')
    """
    code = ord(syllable) - _FIRST
    if not 0 <= code <= _LAST - _FIRST or code // _PER_INITIAL != _RIEUL:
        return syllable
    vowel = code % _PER_INITIAL // 28
    initial = _IEUNG if vowel in _I_VOWELS else _NIEUN
    return chr(_FIRST + initial * _PER_INITIAL + code % _PER_INITIAL)


def _capitalize(word: str) -> str:
    return " ".join(part[:1].upper() + part[1:] for part in word.split(" "))
