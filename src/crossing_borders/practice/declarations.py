"""What an author declares for one self-check, read and checked before anything renders.

A self-check is written in the chapter's source as a `selfcheck` directive whose
body is YAML, so an author never touches JavaScript (see `selfchecks.py`). This
module turns that body into a `SelfCheck` and refuses anything a reader could not
answer: no right option, an unknown kind, a number without a tolerance. Every
error names the file and the check, because the build fails on it and the author
has to find it. Numeric answers are never typed by hand: the declaration names a
function in `crossing_borders.practice.facts`, which computes the value from the
models at build time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from crossing_borders.practice import facts

KINDS = ("single", "multiple", "number", "order")
CHECK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class SelfCheckError(ValueError):
    """A declaration the build must refuse; the message names the file and the check."""


@dataclass(frozen=True)
class Option:
    """One answer to choose: its text, whether it is right, and why (shown as feedback)."""

    text: str
    right: bool
    why: str


@dataclass(frozen=True)
class SelfCheck:
    """One formative question, as declared (options, items or a computed number)."""

    check_id: str
    kind: str
    question: str
    options: tuple[Option, ...] = ()
    items: tuple[str, ...] = ()  # an ordering's items, in the right order
    answer: float | None = None  # a number's value, computed by `fact`
    fact: str = ""
    tolerance: float | None = None
    unit: str = ""
    decimals: int = 2
    explanation: str = ""  # shown once a number or an ordering is right
    hint: str = ""  # shown while a number or an ordering is not yet right

    @property
    def shown_answer(self) -> str:
        """The computed number as the page shows it."""
        return f"{self.answer:.{self.decimals}f}" if self.answer is not None else ""

    @property
    def shown_with_unit(self) -> str:
        """The number with its unit, as a sentence gives it: '19%', '1.43', '12 years'."""
        if not self.unit:
            return self.shown_answer
        return self.shown_answer + ("" if self.unit == "%" else " ") + self.unit


def _fail(source: str, check_id: str, problem: str) -> SelfCheckError:
    return SelfCheckError(f"{source}: self-check {check_id!r}: {problem}")


def _text(body: Mapping[str, Any], key: str, source: str, check_id: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, check_id, f"'{key}' is missing or empty")
    return value.strip()


def _options(body: Mapping[str, Any], kind: str, source: str, check_id: str) -> tuple[Option, ...]:
    raw = body.get("options")
    if not isinstance(raw, list) or len(raw) < 2:
        raise _fail(source, check_id, "'options' needs a list of at least two options")
    options = []
    for n, entry in enumerate(raw, 1):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("right", False), bool):
            raise _fail(source, check_id, f"option {n} needs 'text', 'why' and right: true/false")
        options.append(
            Option(
                text=_text(entry, "text", source, f"{check_id}, option {n}"),
                right=entry.get("right", False),
                why=_text(entry, "why", source, f"{check_id}, option {n}"),
            )
        )
    rights = sum(o.right for o in options)
    if rights == 0:
        raise _fail(source, check_id, "no option is marked 'right: true'")
    if kind == "single" and rights > 1:
        raise _fail(source, check_id, "a 'single' check has exactly one right option")
    return tuple(options)


def _number(body: Mapping[str, Any], source: str, check_id: str) -> dict[str, Any]:
    name = _text(body, "answer", source, check_id)
    function = getattr(facts, name, None)
    if name.startswith("_") or not callable(function):
        raise _fail(source, check_id, f"'answer: {name}' is not a function in {facts.__name__}")
    tolerance = body.get("tolerance")
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
        raise _fail(source, check_id, "a 'number' check needs 'tolerance', a number >= 0")
    decimals = body.get("decimals", 2)
    if not isinstance(decimals, int) or not 0 <= decimals <= 4:
        raise _fail(source, check_id, "'decimals' must be a whole number from 0 to 4")
    try:
        value = float(function())
    except TypeError as error:
        raise _fail(
            source, check_id, f"'answer: {name}' must take no arguments ({error})"
        ) from None
    return {
        "answer": value,
        "fact": name,
        "tolerance": float(tolerance),
        "unit": str(body.get("unit", "")),
        "decimals": decimals,
        "explanation": _text(body, "explanation", source, check_id),
        "hint": _text(body, "hint", source, check_id),
    }


def _order(body: Mapping[str, Any], source: str, check_id: str) -> dict[str, Any]:
    items = body.get("items")
    if not isinstance(items, list) or len(items) < 3 or not all(isinstance(i, str) for i in items):
        raise _fail(source, check_id, "'items' needs at least three lines, in the right order")
    if len(set(items)) != len(items):
        raise _fail(source, check_id, "'items' repeats a line, so two orders would be right")
    return {
        "items": tuple(i.strip() for i in items),
        "explanation": _text(body, "explanation", source, check_id),
        "hint": _text(body, "hint", source, check_id),
    }


def parse_selfcheck(check_id: str, kind: str, body: str, source: str) -> SelfCheck:
    """Read one declaration; raise `SelfCheckError` naming `source` and the check if it is bad."""
    if not CHECK_ID.match(check_id or ""):
        raise _fail(source, check_id, "ids are lowercase letters, digits and hyphens")
    if kind not in KINDS:
        raise _fail(source, check_id, f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as error:
        raise _fail(source, check_id, f"the body is not valid YAML ({error})") from None
    if not isinstance(data, Mapping):
        raise _fail(source, check_id, "the body must be YAML with a 'question'")
    question = _text(data, "question", source, check_id)
    if kind in ("single", "multiple"):
        return SelfCheck(check_id, kind, question, options=_options(data, kind, source, check_id))
    if kind == "number":
        return SelfCheck(check_id, kind, question, **_number(data, source, check_id))
    return SelfCheck(check_id, kind, question, **_order(data, source, check_id))


FENCE = re.compile(
    r"^```\{selfcheck\}[ \t]*(?P<id>\S*)[ \t]*\n"
    r"(?P<options>(?::[a-z]+:[^\n]*\n)*)(?P<body>.*?)^```[ \t]*$",
    re.M | re.S,
)


def declared_in(text: str, source: str) -> list[SelfCheck]:
    """Every self-check declared in a chapter's text, read as the directive reads it.

    For tools and tests that look at the chapters without building the book; a
    repeated id is refused here as the build refuses it.
    """
    checks: list[SelfCheck] = []
    for match in FENCE.finditer(text):
        kind = re.search(r"^:kind:[ \t]*(\S*)", match["options"], re.M)
        check = parse_selfcheck(match["id"], kind[1] if kind else "", match["body"], source)
        if any(c.check_id == check.check_id for c in checks):
            raise _fail(source, check.check_id, "this id is used twice on the page")
        checks.append(check)
    return checks
