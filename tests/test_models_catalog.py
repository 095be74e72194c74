"""Every explorable in the catalog, swept over every combination of its control values.

These are the properties the course promises of its teaching models: each lever
has a benefit and a cost, the essay's claim holds in some states and fails in
others, no setting is best on every outcome at every horizon and weighting, the
guided tries set valid states and answer from the model, and the equations on
the page are the ones in the model's docstring.
"""

from __future__ import annotations

import inspect
import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from crossing_borders.explorables.catalog import CATALOG, get
from crossing_borders.explorables.panels import math_svg
from crossing_borders.explorables.spec import Control, Explorable, Try
from crossing_borders.models.openness_map import HEALTH_BOUNDS
from crossing_borders.models.skill_transfer import JOBS_BOUNDS, PRESSURE_BOUNDS, SKILL_BOUNDS

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"
NAMES = ("team_mix", "skill_transfer", "coproduction", "reception", "policy_lab", "openness_map")
#: Frames per explorable: the heaviest page stays within its transfer budget (make bench).
MAX_FRAMES = 240

Bound = tuple[object, float, float]


def _team_mix(r) -> Iterable[Bound]:
    yield r.capability, 0.5, 1.0
    yield r.friction, 0.0, 1.0
    yield r.net, -1.0, 1.0
    yield r.curve_net, -1.0, 1.0


def _skill_transfer(r) -> Iterable[Bound]:
    yield r.skill, *SKILL_BOUNDS
    yield r.baseline_skill, *SKILL_BOUNDS
    yield r.jobs, *JOBS_BOUNDS
    yield r.pressure, *PRESSURE_BOUNDS


def _coproduction(r) -> Iterable[Bound]:
    yield np.array(r.finance), 0.0, 1.0
    yield np.array(r.creative), 0.0, 1.0
    yield r.local_control, 0.0, 1.0
    yield r.budget_multiple, 1.0, 20.0
    yield r.markets, 0.0, 2.0


def _reception(r) -> Iterable[Bound]:
    yield np.array(r.segment_scores), 0.0, 1.0
    yield r.domestic_curve, 0.0, 1.0
    yield r.international_curve, 0.0, 1.0
    yield r.domestic_relative, 0.0, 1.0
    yield r.international_relative, 0.0, 1.0


def _policy_lab(r) -> Iterable[Bound]:
    yield r.paths, 0.0, 1.0
    yield np.array(r.shares), 0.0, 1.0


def _openness_map(r) -> Iterable[Bound]:
    yield r.landscape, *HEALTH_BOUNDS
    yield r.health, *HEALTH_BOUNDS


BOUNDS: dict[str, Callable[[object], Iterable[Bound]]] = {
    "team_mix": _team_mix,
    "skill_transfer": _skill_transfer,
    "coproduction": _coproduction,
    "reception": _reception,
    "policy_lab": _policy_lab,
    "openness_map": _openness_map,
}


def test_catalog_has_one_explorable_per_chapter():
    assert set(NAMES) <= set(CATALOG)
    assert set(BOUNDS) == set(CATALOG), "every explorable needs output bounds in this sweep"


@pytest.mark.parametrize("name", NAMES)
def test_declaration(name):
    e = get(name)
    assert e.name == name
    assert e.n_frames <= MAX_FRAMES
    assert len(e.assumptions) >= 3 and all(a.strip() for a in e.assumptions)
    for control in e.controls:
        labels = [control.format(v) for v in control.values]
        assert len(set(labels)) == len(labels), f"{control.name}: two values read the same"
        assert control.label


@pytest.mark.parametrize("name", NAMES)
def test_every_combination_is_finite_bounded_and_described(name):
    e = get(name)
    captions = set()
    for params in e.combinations():
        result = e.compute(**params)
        for value, low, high in BOUNDS[name](result):
            values = np.asarray(value, dtype=float)
            assert np.all(np.isfinite(values)), (params, value)
            assert np.all(values >= low - 1e-9) and np.all(values <= high + 1e-9), (params, value)
        outcomes = e.outcomes(result)
        assert outcomes and all(math.isfinite(v) for v in outcomes.values())
        caption = e.describe(result)
        assert isinstance(caption, str) and len(caption) > 40
        assert "nan" not in caption.lower().split() and "inf" not in caption
        captions.add(caption)
    assert len(captions) == e.n_frames, "two states share a caption"


# -- Every lever trades ---------------------------------------------------------------------


def moves(e: Explorable, control: Control) -> tuple[set[str], set[str]]:
    """Outcomes that raising `control` one step raises, and those it lowers, over the grid."""
    others = [c for c in e.controls if c is not control]
    raised: set[str] = set()
    lowered: set[str] = set()
    for combo in itertools.product(*(c.values for c in others)):
        fixed = dict(zip((c.name for c in others), combo, strict=True))
        path = [e.outcomes(e.compute(**fixed, **{control.name: v})) for v in control.values]
        for before, after in itertools.pairwise(path):
            raised |= {k for k in after if after[k] > before[k] + 1e-9}
            lowered |= {k for k in after if after[k] < before[k] - 1e-9}
    return raised, lowered


LEVERS = [(name, c.name) for name in NAMES for c in get(name).controls if not c.lens]


@pytest.mark.parametrize(("name", "control"), LEVERS)
def test_every_lever_has_a_benefit_and_a_cost(name, control):
    e = get(name)
    raised, lowered = moves(e, e.control(control))
    assert raised, f"{name}.{control} never raises a reported outcome"
    assert lowered, f"{name}.{control} is free: raising it never lowers a reported outcome"


def test_the_trade_test_can_fail():
    """A lever whose only effect is good is caught: the property is not vacuous."""
    e = get("team_mix")
    free = replace(e, outcomes=lambda r: {"capability": r.capability})
    assert moves(free, free.control("share"))[1] == set()


def test_lenses_are_ways_of_judging_not_levers():
    lenses = {(n, c.name) for n in NAMES for c in get(n).controls if c.lens}
    assert lenses == {("openness_map", "horizon"), ("openness_map", "voice_weight")}


# -- The essay's claim can fail ---------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_claim_holds_somewhere_and_fails_somewhere(name):
    e = get(name)
    held, failed = e.verdicts()
    assert held > 0 and failed > 0, f"{name}: the claim holds in {held}, fails in {failed}"
    assert held + failed == e.n_frames


@pytest.mark.parametrize("name", NAMES)
def test_the_claim_is_quoted_from_the_chapters_reading(name):
    """The quote is the essay's words as the chapter that shows the model reads them."""
    chapter = next(p for p in CHAPTERS.glob("*.md") if f'explore("{name}")' in p.read_text())
    text = chapter.read_text(encoding="utf-8")
    reading = text[text.index("## Reading") : text.index("## Commentary")]
    quote = get(name).claim.quote
    assert len(quote.split()) >= 8
    assert " ".join(quote.split()) in " ".join(reading.split()), name


@pytest.mark.parametrize("name", NAMES)
def test_the_caption_gives_the_verdict_in_every_state(name):
    e = get(name)
    for params in list(e.combinations())[:: max(1, e.n_frames // 12)]:
        result = e.compute(**params)
        verdict = "holds here" if e.claim.holds(result) else "does not hold here"
        assert f"The essay's claim {verdict}: " in e.describe(result)


@pytest.mark.parametrize("name", NAMES)
def test_no_setting_is_best_on_every_outcome_at_every_horizon_and_weighting(name):
    e = get(name)
    levers = [c for c in e.controls if not c.lens]
    lenses = [c for c in e.controls if c.lens]
    best_everywhere: set[tuple] | None = None
    for lens_values in itertools.product(*(c.values for c in lenses)):
        judged = dict(zip((c.name for c in lenses), lens_values, strict=True))
        states = {
            combo: e.outcomes(
                e.compute(**judged, **dict(zip([c.name for c in levers], combo, strict=True)))
            )
            for combo in itertools.product(*(c.values for c in levers))
        }
        for outcome in next(iter(states.values())):
            top = max(s[outcome] for s in states.values())
            best = {combo for combo, s in states.items() if s[outcome] >= top - 1e-9}
            best_everywhere = best if best_everywhere is None else best_everywhere & best
    assert best_everywhere == set(), f"{name}: {best_everywhere} is best on everything"


def test_no_preset_on_the_map_is_best_at_every_horizon_and_weighting():
    e = get("openness_map")
    leaders = {
        e.compute(horizon=h, voice_weight=w).best_preset
        for h in e.control("horizon").values
        for w in e.control("voice_weight").values
    }
    assert len(leaders) >= 2, leaders


def test_the_policy_lab_shows_a_ranking_that_reverses_over_time():
    """The essay's policy levers pay at different speeds: judging early can mislead."""
    e = get("policy_lab")
    results = [e.compute(**p) for p in e.combinations()]
    reversals = sum(
        (a.at(3)[i] - b.at(3)[i]) * (a.at(10)[i] - b.at(10)[i]) < -1e-6
        for a, b in itertools.combinations(results, 2)
        for i in range(len(a.final))
    )
    assert reversals > 0


# -- Guided tries ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_each_explorable_declares_tries_with_valid_settings_and_computed_answers(name):
    e = get(name)
    assert len(e.tries) >= 2
    questions = [t.question for t in e.tries]
    assert len(set(questions)) == len(questions)
    for t in e.tries:
        assert t.question.endswith("?")
        assert e.validate(t.settings)  # every setting is a value of its control
        answer = t.answer(e)
        assert re.search(r"\d", answer), f"{name}: an answer without a figure: {answer!r}"
        assert 2 <= answer.count(". ") + 1 <= 6, answer
        assert "nan" not in answer.lower().split()


def test_a_try_that_sets_an_impossible_state_is_refused():
    e = get("team_mix")
    impossible = Try("Too far?", {"share": 0.65}, lambda _e: "")
    with pytest.raises(ValueError, match=r"is not a value of team_mix\.share"):
        replace(e, tries=(impossible,))
    with pytest.raises(KeyError, match="no control"):
        replace(e, tries=(Try("Which?", {"crew": 1}, lambda _e: ""),))


#: One coefficient per model, nudged: every try's answer must notice.
NUDGES = {
    "team_mix": ("crossing_borders.models.team_mix", "GAP", 0.9),
    "skill_transfer": ("crossing_borders.models.skill_transfer", "CURRICULA", 0.9),
    "coproduction": ("crossing_borders.models.coproduction", "ADMIN_PER_PAIR", 0.03),
    "reception": ("crossing_borders.models.reception", "REACHED", 0.45),
    "policy_lab": ("crossing_borders.models.policy_lab", "DRIFT_RATE", 0.3),
    "openness_map": ("crossing_borders.models.openness_map", "GRID_POINTS", 11),
}


@pytest.mark.parametrize("name", NAMES)
def test_try_answers_are_computed_from_the_model_not_typed(name, monkeypatch):
    import importlib

    e = get(name)
    before = [t.answer(e) for t in e.tries]
    module, attribute, value = NUDGES[name]
    monkeypatch.setattr(importlib.import_module(module), attribute, value)
    after = [t.answer(e) for t in e.tries]
    changed = sum(a != b for a, b in zip(before, after, strict=True))
    assert changed >= 1, f"{name}: no answer changed when {attribute} did"


# -- Equations on the page ------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_equations_render_offline_and_match_the_docstring(name):
    e = get(name)
    doc = inspect.getmodule(e.model).__doc__
    assert e.how.equations and e.how.terms
    for eq in e.how.equations:
        svg = math_svg(eq.tex)
        assert svg.startswith("<svg") and "<path" in svg and 'href="http' not in svg
        assert eq.text in doc and eq.says[:40] in doc.replace("\n  ", " ")
    for term in e.how.terms:
        assert math_svg(term.tex).startswith("<svg")
        assert f"- {term.text}: {term.means}" in doc
    for line in e.how.assumptions:
        assert f"- {line}" in doc


def test_a_broken_equation_fails_loudly():
    with pytest.raises(ValueError):
        math_svg(r"\iff x")


# -- Readable controls ----------------------------------------------------------------------


def test_only_evenly_spaced_numeric_lists_are_sliders():
    even = Control("x", "X", "", values=(0.0, 0.25, 0.5), default=0.0)
    uneven = Control("x", "X", "", values=(0.0, 0.5, 0.8), default=0.0)
    two = Control("x", "X", "", values=(0.0, 1.0), default=0.0)
    words = Control("x", "X", "", values=("a", "b", "c"), default="a")
    assert even.is_slider
    assert not uneven.is_slider and not two.is_slider and not words.is_slider
    shown = {c.name: c.is_slider for n in NAMES for c in get(n).controls}
    assert not shown["versioning"]  # none, subtitles (50%), subtitles and dubbing (80%)
    assert shown["share"] and shown["local_share"]


# -- Model-specific facts the pages state ---------------------------------------------------


def test_coproduction_cites_the_convention():
    e = get("coproduction")
    text = " ".join(e.assumptions)
    assert "CETS No. 220" in text and "Eurimages" in text
    for fragment in ("10%-90%", "5%-80%", "30%"):
        assert fragment in text


def test_coproduction_grid_reaches_both_verdicts_in_both_regimes():
    e = get("coproduction")
    seen = {(r.regime, r.qualifies) for r in (e.compute(**p) for p in e.combinations())}
    assert seen == {(reg, ok) for reg in ("bilateral", "multilateral") for ok in (True, False)}


def test_policy_lab_controls_never_need_clipping():
    e = get("policy_lab")
    for params in e.combinations():
        shares = e.compute(**params).shares
        assert math.isclose(sum(shares), 1.0) and min(shares) >= 0.0


def test_openness_map_presets_are_reachable_with_the_controls():
    from crossing_borders.models.openness_map import PRESETS

    e = get("openness_map")
    for o, s in PRESETS.values():
        assert o in e.control("openness").values and s in e.control("stewardship").values
