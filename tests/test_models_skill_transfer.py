"""The chapter 2 skill-transfer model: known values, the mechanisms it teaches, its ranges."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.skill_transfer import (
    INCENTIVE_RANGE,
    INFLOW_RANGE,
    JOBS_BOUNDS,
    MENTORING_RANGE,
    PRESSURE_BOUNDS,
    RETENTION_RANGE,
    SKILL_BOUNDS,
    YEARS_RANGE,
    coverage,
    depth,
    skill_transfer,
)


def test_year_zero_values():
    r = skill_transfer(inflow=0.2, mentoring=3, retention=0.85, incentive=1.0)
    assert r.skill[0] == pytest.approx(0.3)
    # Visitors take 20% of the positions; incentives add 30% more shooting.
    assert r.jobs[0] == pytest.approx(0.8 * 1.3)
    # Competition 0.2 (skill gap unchanged) minus half the 30% demand growth.
    assert r.pressure[0] == pytest.approx(0.2 - 0.15)
    assert len(r.years) == len(r.skill) == 16 and r.horizon == 15


def test_first_year_by_hand():
    # coverage = min(1, 3 * 0.2 / 0.8) = 0.75; depth = 0.25 / (1 + 0.35 * 2) = 0.25 / 1.7
    yearly = 0.02 + 0.75 * 0.25 / 1.7
    expected = 0.85 * (0.3 + yearly * 0.7) + 0.15 * 0.3
    r = skill_transfer(inflow=0.2, mentoring=3, retention=0.85, incentive=0.0)
    assert r.coverage == pytest.approx(0.75)
    assert r.depth == pytest.approx(0.25 / 1.7)
    assert r.skill[1] == pytest.approx(expected)
    assert r.jobs[1] == pytest.approx(0.8 * (1 + (expected - 0.3)))


def test_coverage_and_depth():
    assert coverage(0.0, 6) == 0.0
    assert coverage(0.1, 3) == pytest.approx(1 / 3)
    assert coverage(0.3, 6) == 1.0  # capped: every local has a mentor
    assert depth(1) == pytest.approx(0.25)
    assert depth(1) > depth(3) > depth(6)


def test_no_visitors_means_baseline():
    r = skill_transfer(inflow=0.0, mentoring=6, retention=0.95, incentive=0.0)
    np.testing.assert_allclose(r.skill, r.baseline_skill)
    assert r.coverage == 0.0


def test_visitors_raise_skill_above_baseline():
    r = skill_transfer(inflow=0.2, mentoring=3, retention=0.85, incentive=0.5)
    assert np.all(r.skill[1:] > r.baseline_skill[1:])


@pytest.mark.parametrize("inflow", [0.1, 0.2, 0.25, 0.4])
def test_best_mentoring_ratio_just_reaches_every_local(inflow):
    """Reach against depth: skill peaks where coverage first reaches 1, at (1 - f) / f."""
    ratios = np.round(np.linspace(1, 10, 91), 1)
    final = [skill_transfer(inflow, float(m), 0.85, 0.5).final_skill for m in ratios]
    best = ratios[int(np.argmax(final))]
    expected = min(10.0, max(1.0, (1 - inflow) / inflow))
    assert best == pytest.approx(expected, abs=0.1)
    assert coverage(inflow, best) == pytest.approx(1.0, abs=0.02)


def test_retention_raises_skill():
    finals = [skill_transfer(0.2, 3, rho, 0.5).final_skill for rho in (0.5, 0.7, 0.85, 0.95, 1.0)]
    assert finals == sorted(finals) and len(set(finals)) == len(finals)


def test_inflow_raises_skill_but_displaces_jobs_at_first():
    runs = [skill_transfer(f, 3, 0.85, 0.5) for f in (0.0, 0.1, 0.2, 0.3)]
    finals = [r.final_skill for r in runs]
    first_jobs = [r.jobs[0] for r in runs]
    assert finals == sorted(finals)
    assert first_jobs == sorted(first_jobs, reverse=True)


def test_incentives_add_jobs_and_ease_rates_but_not_skill():
    low = skill_transfer(0.2, 3, 0.85, 0.0)
    high = skill_transfer(0.2, 3, 0.85, 1.0)
    np.testing.assert_allclose(low.skill, high.skill)
    assert np.all(high.jobs > low.jobs)
    assert np.all(high.pressure < low.pressure)


def test_jobs_can_recover_with_good_mentoring_and_retention():
    """Moderate inflow with high retention beats no visitors on jobs within 15 years."""
    with_visitors = skill_transfer(0.1, 6, 0.95, 0.0)
    without = skill_transfer(0.0, 6, 0.95, 0.0)
    assert with_visitors.jobs[0] < without.jobs[0]
    assert with_visitors.final_jobs > without.final_jobs


def test_retention_of_one_converges_to_frontier():
    r = skill_transfer(0.3, 3, 1.0, 0.0, years=30)
    assert r.final_skill > 0.98
    assert np.all(np.diff(r.skill) > 0)


def test_results_are_read_only():
    r = skill_transfer(0.2, 3, 0.85, 0.5)
    with pytest.raises(ValueError):
        r.skill[0] = 1.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"inflow": -0.01},
        {"inflow": 0.61},
        {"inflow": math.nan},
        {"mentoring": 0.5},
        {"mentoring": 11},
        {"retention": 0.4},
        {"retention": 1.01},
        {"incentive": 2},
        {"incentive": True},
        {"years": 0},
        {"years": 31},
        {"years": 2.5},
        {"inflow": "0.2"},
    ],
)
def test_rejects_values_outside_documented_ranges(kwargs):
    args = {"inflow": 0.2, "mentoring": 3, "retention": 0.85, "incentive": 0.5, **kwargs}
    with pytest.raises(ValueError):
        skill_transfer(**args)


@settings(max_examples=150, deadline=None)
@given(
    inflow=st.floats(*INFLOW_RANGE),
    mentoring=st.floats(*MENTORING_RANGE),
    retention=st.floats(*RETENTION_RANGE),
    incentive=st.floats(*INCENTIVE_RANGE),
    years=st.integers(*YEARS_RANGE),
)
def test_outputs_finite_and_within_documented_bounds(
    inflow, mentoring, retention, incentive, years
):
    r = skill_transfer(inflow, mentoring, retention, incentive, years)
    for values, (low, high) in (
        (r.skill, SKILL_BOUNDS),
        (r.baseline_skill, SKILL_BOUNDS),
        (r.jobs, JOBS_BOUNDS),
        (r.pressure, PRESSURE_BOUNDS),
    ):
        assert values.shape == (years + 1,)
        assert np.all(np.isfinite(values))
        assert np.all(values >= low - 1e-12) and np.all(values <= high)
    assert 0.0 <= r.coverage <= 1.0 and 0.0 < r.depth <= 0.25
    # Skill never falls: it starts at the entrants' level and climbs toward its fixed point.
    assert np.all(np.diff(r.skill) >= -1e-12)
    assert np.all(r.skill >= r.baseline_skill - 1e-12)
