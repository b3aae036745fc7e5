"""Printed text, folded: the one comparison form every module compares labels, titles and names in.

The PDFs print the same words in many ways: full- or half-width characters ("（" / "(",
"２０２６" / "2026"), spaces and line breaks wherever a cell wrapped or the text layer split a
run ("2026 年预算数", "一般公共预\\n算"), NBSP and ideographic spaces (U+3000), and quotes of every
kind around the same term (“三公”, ‘百千万工程’, 「三公」, "三公").

``fold`` is the comparison form: NFKC, every quote mark one ASCII ``"``, no whitespace at all.

Why every quote becomes ASCII ``"``: NFKC already maps the full-width ＂ and ＇ to ASCII, so ASCII
is the form no later NFKC changes; keys and patterns written in the source ('"三公"经费') stay
plain ASCII; and Chinese print uses double (“”), single (‘’), corner (「」) and white corner (『』)
quotes for the same quoting (a nested quote, a template's house style), so a key that kept
single and double apart would make ‘三公’经费 miss “三公”经费. No comparison in this package tells
quote kinds apart (a quote is never what distinguishes two labels).

NFKC also folds what its compatibility mappings fold: ① → 1, ㎡ → m2, … → ...; a caller that
needs the printed ① looks at the unfolded text (quality/reading.py).

The light variants, each for a caller that must not fold everything:

- ``fold_in_place``: the part of ``fold`` that maps one character to one (full-width ASCII forms,
  odd spaces, quotes) and keeps whitespace, so an offset into the result is an offset into the
  input. The narrative reader matches on it and takes pages and sentences from the original.
- ``unspaced``: whitespace removed, every character otherwise as printed. Department names are
  stored as printed (full-width parentheses stay full-width), so identity.py reads them unfolded.
- ``unify_newlines``: the text layer ends lines with CRLF; \\r\\n and \\r become \\n.
"""

from __future__ import annotations

import re
import unicodedata

# Every quote mark a disclosure prints (after NFKC, which has already made ＂ and ＇ ASCII):
# “ ” ‘ ’ „ ‟ ‚ ‛ 「 」 『 』 〝 〞 〟 ' → ".
QUOTE_MARKS = "\u201c\u201d\u2018\u2019\u201e\u201f\u201a\u201b\u300c\u300d\u300e\u300f\u301d\u301e\u301f'"
_QUOTES = str.maketrans(dict.fromkeys(QUOTE_MARKS, '"'))
_WHITESPACE = re.compile(r"\s+")

# The one-for-one part of NFKC that printed text needs: full-width ASCII forms (U+FF01-U+FF5E)
# to ASCII, NBSP and the ideographic space to a space; and the quotes as in ``fold``.
_IN_PLACE = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    | {"\u3000": " ", "\u00a0": " "}
    | dict.fromkeys(QUOTE_MARKS, '"')
)


def fold(text: str | None) -> str:
    """The comparison form of printed text: NFKC, one kind of quotes (ASCII "), no whitespace."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text or "").translate(_QUOTES))


def fold_in_place(text: str) -> str:
    """``text`` with full-width ASCII forms, NBSP / ideographic spaces and quotes folded, one
    character for one: ``len(fold_in_place(t)) == len(t)`` and whitespace is kept."""
    return text.translate(_IN_PLACE)


def unspaced(text: str | None) -> str:
    """``text`` without any whitespace, every other character as printed."""
    return _WHITESPACE.sub("", text or "")


def unify_newlines(text: str) -> str:
    """``text`` with every line ending (\\r\\n, \\r) as \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
