"""The explorable declaration: the single source of truth for every rendering.

A declaration names the controls (each with a discrete list of values), the pure
model they feed, the plot that draws the result and the sentence that summarises
it. The live ipywidgets form and the static site form are both read from it, so
the two can never disagree about what a control means or which values it takes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes

Value = float | int | str


@dataclass(frozen=True)
class Control:
    """One input of an explorable: a labelled choice among discrete values."""

    name: str
    label: str
    unit: str
    values: tuple[Value, ...]
    default: Value
    help: str = ""
    #: How a value reads on screen; defaults to the value followed by the unit.
    formatter: Callable[[Value], str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.values:
            raise ValueError(f"control {self.name!r} has no values")
        if self.default not in self.values:
            raise ValueError(f"default {self.default!r} of {self.name!r} is not one of its values")
        if len(set(self.values)) != len(self.values):
            raise ValueError(f"control {self.name!r} repeats a value")

    @property
    def is_numeric(self) -> bool:
        return all(isinstance(v, int | float) for v in self.values)

    def format(self, value: Value) -> str:
        if self.formatter is not None:
            return self.formatter(value)
        text = f"{value:g}" if isinstance(value, float) else str(value)
        if self.unit == "%":
            return f"{text}%"
        return f"{text} {self.unit}" if self.unit else text

    def index(self, value: Value) -> int:
        return self.values.index(value)


@dataclass(frozen=True)
class Explorable:
    """A teaching model made explorable: controls -> model -> plot and summary."""

    name: str
    title: str
    controls: tuple[Control, ...]
    model: Callable[..., Any]
    plot: Callable[[Axes, Any], None]
    summary: Callable[[Any], str]
    assumptions: tuple[str, ...]
    figsize: tuple[float, float] = (6.4, 3.8)
    #: Extra keyword arguments passed to the model, fixed for this explorable.
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"explorable {self.name!r} repeats a control name")

    @property
    def defaults(self) -> dict[str, Value]:
        return {c.name: c.default for c in self.controls}

    def control(self, name: str) -> Control:
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(f"{self.name!r} has no control {name!r}")

    def validate(self, params: Mapping[str, Value]) -> dict[str, Value]:
        """Fill in defaults and refuse values that are not among a control's choices."""
        unknown = set(params) - {c.name for c in self.controls}
        if unknown:
            raise KeyError(f"{self.name!r} has no control(s) {sorted(unknown)}")
        full = {**self.defaults, **params}
        for c in self.controls:
            if full[c.name] not in c.values:
                raise ValueError(
                    f"{full[c.name]!r} is not a value of {self.name}.{c.name}: {c.values}"
                )
        return full

    def compute(self, **params: Value) -> Any:
        return self.model(**self.fixed, **self.validate(params))

    def combinations(self) -> Iterator[dict[str, Value]]:
        """Every combination of control values, in a stable order."""
        for combo in itertools.product(*(c.values for c in self.controls)):
            yield dict(zip((c.name for c in self.controls), combo, strict=True))

    def frame_key(self, params: Mapping[str, Value]) -> str:
        """Index key shared with the browser controller: control indices joined by '-'."""
        full = self.validate(params)
        return "-".join(str(c.index(full[c.name])) for c in self.controls)

    @property
    def n_frames(self) -> int:
        n = 1
        for c in self.controls:
            n *= len(c.values)
        return n
