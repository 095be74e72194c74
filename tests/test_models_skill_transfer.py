"""The chapter 2 skill-transfer model: its recurrences by hand, its mechanics and its ranges."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.skill_transfer import (
    HOW,
    INFLOW_RANGE,
    JOBS_BOUNDS,
    LEVY_RANGE,
    MENTORING_RANGE,
    PRESSURE_BOUNDS,
    RETENTION_RANGE,
    SKILL_BOUNDS,
    STAY_RANGE,
    YEARS_RANGE,
    coverage,
    depth,
    skill_transfer,
)

# The equations as HOW states them; the test below holds the docstring to these.
EQUATIONS = (
    "i_t = i while t < T, 0 after",
    "c_t = min(1, m i_t / (1 - i_t)), d = 0.25 / (1 + 0.35 (m - 1))",
    "e_t = 0.3 + 0.6 l (S_t - 0.3)",
    "S_(t+1) = r (S_t + (0.02 + c_t d) (1 - S_t)) + (1 - r) e_t",
    "J_t = (1 - i_t) (1 + 0.5 i_t) (1 - 0.2 l) (1 + S_t - 0.3)",
    "P_t = i_t (1 - S_t) / 0.7 - 0.5 (J_t - 1)",
)


def jobs_and_pressure(i, s, levy):
    j = (1 - i) * (1 + 0.5 * i) * (1 - 0.2 * levy) * (1 + s - 0.3)
    return j, i * (1 - s) / 0.7 - 0.5 * (j - 1)


def test_how_states_the_equations_tested_here():
    assert tuple(eq.text for eq in HOW.equations) == EQUATIONS


def test_first_two_years_by_hand():
    # i = 0.2, m = 3: c = min(1, 0.6 / 0.8) = 0.75, d = 0.25 / 1.7; l = 0.5, r = 0.85.
    learned = 0.02 + 0.75 * 0.25 / 1.7
    s1 = 0.85 * (0.3 + learned * 0.7) + 0.15 * 0.3
    s2 = 0.85 * (s1 + learned * (1 - s1)) + 0.15 * (0.3 + 0.3 * (s1 - 0.3))
    r = skill_transfer(inflow=0.2, stay=5, mentoring=3, levy=0.5, retention=0.85)
    assert r.skill[:3] == pytest.approx([0.3, s1, s2])
    for t, s in enumerate((0.3, s1, s2)):
        assert (r.jobs[t], r.pressure[t]) == pytest.approx(jobs_and_pressure(0.2, s, 0.5))
    assert len(r.years) == len(r.skill) == 16 and r.horizon == 15


def test_visitors_stop_after_stay():
    r = skill_transfer(inflow=0.3, stay=4, mentoring=2, levy=0.5)
    for t in range(4, 16):
        s = r.skill[t]
        assert (r.jobs[t], r.pressure[t]) == pytest.approx(jobs_and_pressure(0.0, s, 0.5))
        # With i_t = 0 only on-the-job learning and entrants remain.
        expected = 0.85 * (s + 0.02 * (1 - s)) + 0.15 * (0.3 + 0.3 * (s - 0.3))
        if t < 15:
            assert r.skill[t + 1] == pytest.approx(expected)
    assert r.jobs[3] == pytest.approx(jobs_and_pressure(0.3, r.skill[3], 0.5)[0])


def test_coverage_and_depth():
    assert coverage(0.0, 6) == 0.0
    assert coverage(0.1, 3) == pytest.approx(1 / 3)
    assert coverage(0.3, 6) == 1.0  # capped: every local has a mentor
    assert depth(1) == pytest.approx(0.25) and depth(3) == pytest.approx(0.25 / 1.7)
    ms = range(1, 11)
    assert [coverage(0.05, m) for m in ms] == sorted(coverage(0.05, m) for m in ms)
    assert all(depth(m) > depth(m + 1) for m in range(1, 10))


@pytest.mark.parametrize(("inflow", "best"), [(0.05, 10), (0.1, 9), (0.2, 4), (0.25, 3), (0.5, 1)])
def test_skill_peaks_where_coverage_first_reaches_everyone(inflow, best):
    """Reach against depth: c d rises until coverage hits 1, at m = (1 - i) / i, then falls."""
    finals = [skill_transfer(inflow, 15, m, 0.0).final_skill for m in range(1, 11)]
    assert int(np.argmax(finals)) + 1 == best
    assert finals[:best] == sorted(finals[:best])
    assert finals[best - 1 :] == sorted(finals[best - 1 :], reverse=True)


def test_kept_skill_decays_without_a_levy():
    r = skill_transfer(inflow=0.2, stay=5, mentoring=3, levy=0.0)
    gap = r.skill - r.baseline_skill
    assert r.peak_gain == pytest.approx(gap[5]) and r.kept_skill < r.peak_gain
    # With l = 0 entrants bring 0.3 either way, so the gap shrinks by r (1 - 0.02) a year.
    assert gap[6:] == pytest.approx(gap[5:-1] * 0.85 * 0.98)


def test_levy_keeps_skill_but_costs_jobs():
    none, full = (skill_transfer(0.2, 5, 3, levy) for levy in (0.0, 1.0))
    assert full.kept_skill > none.kept_skill
    assert full.mean_jobs < none.mean_jobs


def test_baseline_is_a_run_without_visitors():
    r = skill_transfer(0.2, 5, 3, 0.5, retention=0.7, years=20)
    alone = skill_transfer(0.0, 5, 3, 0.5, retention=0.7, years=20)
    np.testing.assert_allclose(r.baseline_skill, alone.skill)
    np.testing.assert_allclose(r.baseline_jobs, alone.jobs)
    np.testing.assert_allclose(alone.skill, alone.baseline_skill)
    never = skill_transfer(0.3, 0, 3, 0.5, retention=0.7, years=20)  # stay 0: nobody comes
    np.testing.assert_allclose(never.skill, alone.skill)


def test_pressure_down_while_visitors_come_and_up_after():
    r = skill_transfer(inflow=0.2, stay=5, mentoring=3, levy=0.0)
    assert r.pressure[0] > 0 and np.all(r.pressure[:5] > 0)
    assert np.all(r.pressure[5:] < 0)


def test_results_are_read_only():
    r = skill_transfer(0.2, 5, 3, 0.5)
    with pytest.raises(ValueError):
        r.skill[0] = 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"inflow": -0.01}, "inflow must lie in"),
        ({"inflow": 0.61}, "inflow must lie in"),
        ({"inflow": math.nan}, "inflow must lie in"),
        ({"inflow": "0.2"}, "inflow must be a number"),
        ({"stay": -1}, "stay must be a whole number"),
        ({"stay": 31}, "stay must be a whole number"),
        ({"stay": 2.5}, "stay must be a whole number"),
        ({"mentoring": 0.5}, "mentoring must lie in"),
        ({"mentoring": 11}, "mentoring must lie in"),
        ({"levy": 1.5}, "levy must lie in"),
        ({"levy": True}, "levy must be a number"),
        ({"retention": 0.4}, "retention must lie in"),
        ({"retention": math.inf}, "retention must lie in"),
        ({"years": 0}, "years must be a whole number"),
        ({"years": 31}, "years must be a whole number"),
        ({"years": 10.0}, "years must be a whole number"),
    ],
)
def test_rejects_invalid_input(kwargs, message):
    args = {"inflow": 0.2, "stay": 5, "mentoring": 3, "levy": 0.5, **kwargs}
    with pytest.raises(ValueError, match=message):
        skill_transfer(**args)


@settings(max_examples=150, deadline=None)
@given(
    inflow=st.floats(*INFLOW_RANGE),
    stay=st.integers(*STAY_RANGE),
    mentoring=st.floats(*MENTORING_RANGE),
    levy=st.floats(*LEVY_RANGE),
    retention=st.floats(*RETENTION_RANGE),
    years=st.integers(*YEARS_RANGE),
)
def test_outputs_finite_and_within_documented_bounds(
    inflow, stay, mentoring, levy, retention, years
):
    r = skill_transfer(inflow, stay, mentoring, levy, retention, years)
    for values, (low, high) in (
        (r.skill, SKILL_BOUNDS),
        (r.baseline_skill, SKILL_BOUNDS),
        (r.jobs, JOBS_BOUNDS),
        (r.baseline_jobs, JOBS_BOUNDS),
        (r.pressure, PRESSURE_BOUNDS),
    ):
        assert values.shape == (years + 1,)
        assert np.all(np.isfinite(values))
        assert np.all(values >= low - 1e-12) and np.all(values <= high + 1e-12)
    # Visitors never lower skill, and while they come they push rates down by at least i.
    assert np.all(r.skill >= r.baseline_skill - 1e-12)
    if stay > 0:
        assert r.pressure[0] >= inflow - 1e-12
