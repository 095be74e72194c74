"""A model's equations, written once: for its docstring and for "How the model works".

Each model module declares a `HowItWorks`: its equations (in matplotlib's mathtext,
typed again as plain text for screen readers and docstrings, with one sentence
on what each says) and its terms (each symbol with one plain-language line). The
module's docstring is composed from it with `document`, and the explorables draw
the same declaration on the page, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Equation:
    tex: str  # matplotlib mathtext, without the surrounding $ signs
    text: str  # the same equation typed plainly: alt text and docstring
    says: str  # one sentence: what the equation says


@dataclass(frozen=True)
class Term:
    tex: str  # the symbol, in mathtext
    text: str  # the symbol typed plainly
    means: str  # one plain-language line


@dataclass(frozen=True)
class HowItWorks:
    equations: tuple[Equation, ...]
    terms: tuple[Term, ...]
    assumptions: tuple[str, ...]

    def as_text(self) -> str:
        """The equations, terms and assumptions as a docstring section."""
        lines = ["Equations:"]
        for eq in self.equations:
            lines += [f"- ``{eq.text}``", f"  {eq.says}"]
        lines += ["", "Terms:"]
        lines += [f"- {term.text}: {term.means}" for term in self.terms]
        lines += ["", "Assumptions (a teaching model: chosen to show a mechanism, not measured):"]
        lines += [f"- {line}" for line in self.assumptions]
        return "\n".join(lines)


def document(intro: str, how: HowItWorks) -> str:
    """A model module's docstring: what it represents, then its equations and terms."""
    return f"{intro.rstrip()}\n\n{how.as_text()}\n"
