"""What one cell of a table may hold: the field types, a field's constraints, the items of a list cell and
the policy on source URLs. peacebook.data applies these to every cell of every table.

The book's conventions that the Frictionless standard does not express are declared in custom properties,
which the standard's validator ignores and the book's loader enforces (see the maintainer guide); a list field
("separator") states what each item must match in "peacebook:itemConstraints".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from urllib.parse import SplitResult, urlsplit

import pandas as pd


def _parse_date(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None


def _parse_integer(text: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def _parse_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _parse_boolean(text: str) -> bool:
    if text.lower() in ("true", "yes", "1"):
        return True
    if text.lower() in ("false", "no", "0"):
        return False
    raise ValueError(f"{text!r} is not true or false")


_PARSERS = {
    "string": str,
    "date": _parse_date,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
}


# A cell starting with one of these is read as a formula by a spreadsheet (OWASP, "CSV Injection"): the
# loader refuses them in text cells, and peacebook.data.spreadsheet neutralises them in anything the book writes.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WEB_SCHEMES = ("http", "https")


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula: it starts with = + - @, a tab or a carriage return
    (after any spaces, which some spreadsheets skip).

    >>> starts_a_formula("=HYPERLINK('https://x.example')"), starts_a_formula("  @SUM(1)"), starts_a_formula("a-b")
    (True, True, False)
    """
    return text[:1] in FORMULA_START or text.lstrip(" ")[:1] in FORMULA_START


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # one regex search, not a Python loop per character


def is_web_url(text) -> bool:
    """Whether `text` is an absolute http(s) address with a host: the only kind the book ever puts in a link
    (so no javascript: or data: address, whatever its case or the spaces around it, can become one).

    >>> is_web_url("https://www.osce.org/a?b=1"), is_web_url(" JavaScript:alert(1)"), is_web_url("https:no-host")
    (True, False, False)
    """
    return isinstance(text, str) and _web_address(text) is not None  # a str first: the cache needs a hashable key


@functools.lru_cache(maxsize=4096)  # the tables cite many addresses more than once, and every load reads them all
def _web_address(text: str) -> tuple[SplitResult, str] | None:
    """(the parts of `text`, its host in lower case) if it is an absolute http(s) address with a host, else None."""
    if not isinstance(text, str) or _SPACE_OR_CONTROL.search(text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return (parts, host) if parts.scheme in WEB_SCHEMES and "." in host else None


def check_source_url(text: str, refused_domains: list[str], refused_in_address: list[str] = ()) -> None:
    """Raise ValueError unless `text` is an absolute http(s) URL on a host we accept as a source, and is an
    article's own address rather than one that names an ad server (a copy-paste slip: the address of an ad
    frame is not the page the row read).

    >>> check_source_url("https://www.osce.org/files/report.pdf", ["mirror.example"])
    >>> check_source_url("https://news.mirror.example/story", ["mirror.example"])
    Traceback (most recent call last):
    ValueError: news.mirror.example is on the list of refused sources (aggregators, mirrors, content farms): cite the original publisher instead
    >>> check_source_url("javascript:alert(1)", [])
    Traceback (most recent call last):
    ValueError: 'javascript:alert(1)' is not a well-formed http(s) URL
    >>> check_source_url("https://news.example/topic/x/securepubads.g.doubleclick.net", [], ["doubleclick.net"])
    Traceback (most recent call last):
    ValueError: the address names an ad server (doubleclick.net), so it is not the article's own address: open the article and cite the address it has
    """
    address = _web_address(text)
    if address is None:
        raise ValueError(f"{text!r} is not a well-formed http(s) URL")
    parts, host = address
    # the host or any domain it sits under (news.mirror.example: itself, mirror.example, example): a set lookup
    # each, not a pass over the whole refused list
    under = {host, *(host[i + 1 :] for i, c in enumerate(host) if c == ".")}
    for domain in refused_domains:
        if domain in under:
            raise ValueError(
                f"{host} is on the list of refused sources (aggregators, mirrors, content "
                f"farms): cite the original publisher instead"
            )
    beyond_host = (parts.path + "?" + parts.query + "#" + parts.fragment).lower()
    for ad_host in refused_in_address:
        if ad_host.lower() in beyond_host:
            raise ValueError(
                f"the address names an ad server ({ad_host}), so it is not the article's own address: open the "
                f"article and cite the address it has"
            )


def item_constraints(field: dict) -> dict:
    """What each item of a list field must match (its 'pattern' or 'enum')."""
    return field.get("peacebook:itemConstraints", {})


def check_cell(text: str, field: dict, refused_domains: list[str], refused_in_address: list[str] = ()):
    """Parse one cell by its field; return the value (None if empty) or raise ValueError."""
    return cell_checker(field, refused_domains, refused_in_address)(text)


def cell_checker(field: dict, refused_domains: list[str], refused_in_address: list[str] = ()):
    """check_cell for one field, its settings looked up once: the loader checks every cell of a column with it.

    >>> check = cell_checker({"name": "n", "type": "integer", "constraints": {"maximum": 5}}, [])
    >>> check("3"), check("")
    (3, None)
    >>> check("7")
    Traceback (most recent call last):
    ValueError: 7 is above the maximum 5
    """
    constraints = field.get("constraints", {})
    required = constraints.get("required")
    kind = field.get("type", "string")
    is_list, is_uri = "separator" in field, field.get("format") == "uri"
    items = item_constraints(field) if is_list else {}
    item_enum, item_pattern = items.get("enum"), items.get("pattern")
    enum, pattern, max_length = constraints.get("enum"), constraints.get("pattern"), constraints.get("maxLength")
    has_enum, has_pattern, has_max_length = "enum" in constraints, "pattern" in constraints, "maxLength" in constraints

    def check(text: str):
        if text == "":
            if required:
                raise ValueError("is required but empty")
            return None
        if text[0].isspace() or text[-1].isspace():  # what text.strip() would remove, without copying every cell
            raise ValueError(f"{text!r} has leading or trailing spaces")
        if kind == "string" and text[0] in FORMULA_START:  # starts_a_formula: no leading space is left to skip
            raise ValueError(
                f"{text[:40]!r} starts with {text[:1]!r}, which a spreadsheet reads as the start of a formula; "
                "reword the cell so that it starts otherwise"
            )
        if is_list:  # a list: the vocabulary and pattern apply to each item
            for item in split_list(text, field["separator"]):
                if item_enum is not None and item not in item_enum:
                    raise ValueError(f"item {item!r} is not one of the allowed values: {', '.join(item_enum)}")
                if item_pattern is not None and not re.fullmatch(item_pattern, item):
                    raise ValueError(f"item {item!r} does not match the pattern {item_pattern}")
            return text
        value = _PARSERS[kind](text)
        if is_uri:
            check_source_url(text, refused_domains, refused_in_address)
        if has_enum and value not in enum:
            raise ValueError(f"{text!r} is not one of the allowed values: {', '.join(map(str, enum))}")
        if has_pattern and not re.fullmatch(pattern, text):
            raise ValueError(f"{text!r} does not match the pattern {pattern}")
        if has_max_length and len(text) > max_length:
            raise ValueError(f"is {len(text)} characters long; at most {max_length} are allowed")
        if "minimum" in constraints and value < _PARSERS[field["type"]](str(constraints["minimum"])):
            raise ValueError(f"{text} is below the minimum {constraints['minimum']}")
        if "maximum" in constraints and value > _PARSERS[field["type"]](str(constraints["maximum"])):
            raise ValueError(f"{text} is above the maximum {constraints['maximum']}")
        return value

    return check


def split_list(value, separator: str = ";") -> list[str]:
    """A list cell (such as 'actors', separated by semicolons) as a list of trimmed items.

    >>> split_list("Ukraine; Russia ;;OSCE")
    ['Ukraine', 'Russia', 'OSCE']
    >>> split_list(None), split_list(float("nan"))
    ([], [])
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(separator) if part.strip()]
