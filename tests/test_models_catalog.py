"""Every explorable in the catalog, swept over every combination of its control values."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import pytest

from crossing_borders.explorables.catalog import CATALOG, get
from crossing_borders.models.openness_map import HEALTH_BOUNDS
from crossing_borders.models.skill_transfer import JOBS_BOUNDS, PRESSURE_BOUNDS, SKILL_BOUNDS

NAMES = ("team_mix", "skill_transfer", "coproduction", "reception", "policy_lab", "openness_map")
MAX_FRAMES = 150

Bound = tuple[object, float, float]


def _team_mix(r) -> Iterable[Bound]:
    yield r.capability, 0.0, 1.0
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
    summaries = set()
    for params in e.combinations():
        result = e.compute(**params)
        for value, low, high in BOUNDS[name](result):
            values = np.asarray(value, dtype=float)
            assert np.all(np.isfinite(values)), (params, value)
            assert np.all(values >= low - 1e-9) and np.all(values <= high + 1e-9), (params, value)
        summary = e.summary(result)
        assert isinstance(summary, str) and len(summary) > 40
        assert "nan" not in summary.lower().split() and "inf" not in summary
        summaries.add(summary)
    assert len(summaries) == e.n_frames, "two states share a summary"


@pytest.mark.parametrize("name", NAMES)
def test_each_control_at_both_ends_changes_the_summary(name):
    e = get(name)
    for control in e.controls:
        ends = {
            end: e.summary(e.compute(**{**e.defaults, control.name: end}))
            for end in (control.values[0], control.values[-1])
        }
        assert ends[control.values[0]] != ends[control.values[-1]], control.name


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
