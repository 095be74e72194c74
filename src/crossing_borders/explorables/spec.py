"""The explorable declaration: the single source of truth for every rendering.

A declaration names the controls (each with a discrete list of values), the pure
model they feed, the plot that draws the result and the sentence that summarises
it; the essay's claim the model examines and how a state is judged against it;
the model's equations (from the model module itself); and guided tries, each a
question with the settings it needs and an answer computed from the model. The
live ipywidgets form and the static site form are both read from it, so the two
can never disagree about what a control means, which values it takes, or what a
try sets.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes

from crossing_borders.models.equations import HowItWorks

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
    #: A lens is a way of judging (a horizon, a weight), not a policy lever: it costs
    #: nothing to turn, so "every lever trades" does not apply to it.
    lens: bool = False
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

    @property
    def is_slider(self) -> bool:
        """Numeric and evenly spaced: a slider's position then reads as its value.

        Any other list is shown as named steps, so position never misleads.
        """
        if not self.is_numeric or len(self.values) < 3:
            return False
        gaps = [b - a for a, b in itertools.pairwise(self.values)]
        return all(g > 0 for g in gaps) and max(gaps) - min(gaps) <= 1e-9 * max(gaps)


@dataclass(frozen=True)
class Claim:
    """A claim of the essay, quoted, and how the model judges one state against it."""

    quote: str  # the essay's own words, as in the reading
    tested: str  # what the model checks, in one sentence
    holds: Callable[[Any], bool]  # result -> does the claim hold in this state?
    why: Callable[[Any], str]  # result -> a short clause saying why, in this state


@dataclass(frozen=True)
class Try:
    """A guided try: a question, the control settings it needs, what to notice.

    `answer` is computed from the model (it receives the explorable), never typed.
    """

    question: str
    settings: Mapping[str, Value]
    answer: Callable[[Explorable], str]


@dataclass(frozen=True)
class Explorable:
    """A teaching model made explorable: controls -> model -> plot and summary."""

    name: str
    title: str
    controls: tuple[Control, ...]
    model: Callable[..., Any]
    plot: Callable[[Axes, Any], None]
    summary: Callable[[Any], str]
    #: The outcomes the page reports, each signed so that more is better: what a
    #: lever buys and what it costs are read from these.
    outcomes: Callable[[Any], Mapping[str, float]]
    how: HowItWorks
    claim: Claim
    tries: tuple[Try, ...] = ()
    figsize: tuple[float, float] = (6.4, 3.8)
    #: Extra keyword arguments passed to the model, fixed for this explorable.
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"explorable {self.name!r} repeats a control name")
        for t in self.tries:
            self.validate(t.settings)  # a try that sets an impossible state fails here

    @property
    def assumptions(self) -> tuple[str, ...]:
        return self.how.assumptions

    def describe(self, result: Any) -> str:
        """The summary of a state with the claim's verdict there: caption and alt text."""
        verdict = "holds" if self.claim.holds(result) else "does not hold"
        return f"{self.summary(result)} The essay's claim {verdict} here: {self.claim.why(result)}"

    def verdicts(self) -> tuple[int, int]:
        """(states where the claim holds, states where it does not), over every combination."""
        held = sum(bool(self.claim.holds(self.compute(**p))) for p in self.combinations())
        return held, self.n_frames - held

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
