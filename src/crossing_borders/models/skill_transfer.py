"""Chapter 2 teaching model: skill transfer from visiting professionals over the years.

What it represents: the essay's "virtuous circle of skill transfer" and its
economic counterweight. Visiting international professionals fill a share of
crew positions each year and mentor local crew; trained locals either stay in
the local industry or leave; production incentives bring more shoots. The model
tracks, year by year, a local skill index, a local jobs index and the pressure
that competition from visiting crews puts on local rates.

Equations (t = year, S = local skill, V = crew positions demanded):
- Coverage: the share of local crew who have a mentor,
  ``coverage = min(1, mentoring * inflow / (1 - inflow))`` (mentors per local
  crew member times trainees per mentor).
- Learning per mentored trainee falls as a mentor takes more trainees:
  ``depth = 0.25 / (1 + 0.35 * (mentoring - 1))``.
- Skill gap closed each year: ``gain = (0.02 + coverage * depth) * (1 - S)``;
  0.02 is learning on the job with no mentor.
- Retention: ``S[t+1] = retention * (S + gain) + (1 - retention) * 0.3``; leavers
  are replaced by entrants at the starting skill 0.3.
- Positions demanded: ``V = 100 * (1 + 0.3 * incentive) * (1 + (S - 0.3))``.
- Local jobs index: ``(1 - inflow) * V / 100`` (1 = local crew positions in year 0
  with no visitors and no incentives).
- Rate pressure: ``inflow * (1 - S) / 0.7 - 0.5 * (V / 100 - 1)``: competition from
  visitors, strongest while local skill lags theirs, minus the tightening of the
  local labour market as demand grows. Positive means downward pressure on local
  rates, negative upward.

Assumptions (teaching model, not an empirical estimate; every coefficient above
is chosen to make the mechanism visible, none is measured):
- Visiting professionals' skill is the frontier, 1 on the skill index; local crew
  start at 0.3 and can only approach it.
- Mentoring reach and depth trade off: more trainees per mentor reaches more of
  the local crew but teaches each trainee less, so the best ratio is the one that
  just reaches everyone.
- Trained locals who leave take their skill with them; entrants start at 0.3.
- Incentives and a more skilled local crew both attract more production, with
  fixed proportional effects; the cost of incentives to the public purse is not
  modelled.
- All indices are unitless; only their shapes and differences carry meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossing_borders.models._checks import check_range, check_whole

#: Valid ranges, used by the explorable and the property tests.
INFLOW_RANGE = (0.0, 0.6)
MENTORING_RANGE = (1.0, 10.0)
RETENTION_RANGE = (0.5, 1.0)
INCENTIVE_RANGE = (0.0, 1.0)
YEARS_RANGE = (1, 30)

START_SKILL = 0.3
ON_THE_JOB = 0.02
DEPTH_ONE_TO_ONE = 0.25
DILUTION = 0.35
INCENTIVE_EFFECT = 0.3
SKILL_ATTRACTION = 1.0

#: Documented bounds of the outputs (the property tests hold the model to them).
SKILL_BOUNDS = (START_SKILL, 1.0)
JOBS_BOUNDS = (0.0, 2.5)
PRESSURE_BOUNDS = (-1.0, 1.0)


@dataclass(frozen=True)
class SkillTransfer:
    """Yearly paths for one policy setting (arrays indexed by year 0..years)."""

    inflow: float
    mentoring: float
    retention: float
    incentive: float
    coverage: float
    depth: float
    years: np.ndarray
    skill: np.ndarray
    jobs: np.ndarray
    pressure: np.ndarray
    baseline_skill: np.ndarray

    @property
    def final_skill(self) -> float:
        return float(self.skill[-1])

    @property
    def final_jobs(self) -> float:
        return float(self.jobs[-1])

    @property
    def final_pressure(self) -> float:
        return float(self.pressure[-1])

    @property
    def horizon(self) -> int:
        return int(self.years[-1])


def coverage(inflow: float, mentoring: float) -> float:
    """Share of local crew with a mentor: visitors per local times trainees per mentor, max 1."""
    if inflow >= 1.0:
        return 1.0
    return min(1.0, mentoring * inflow / (1.0 - inflow))


def depth(mentoring: float) -> float:
    """Share of the skill gap a mentored trainee closes in a year; falls as mentors take more."""
    return DEPTH_ONE_TO_ONE / (1.0 + DILUTION * (mentoring - 1.0))


def skill_path(inflow: float, mentoring: float, retention: float, years: int) -> np.ndarray:
    """Local skill index for years 0..years (the recurrence in the module docstring)."""
    yearly = ON_THE_JOB + coverage(inflow, mentoring) * depth(mentoring)
    skill = np.empty(years + 1)
    skill[0] = START_SKILL
    for t in range(years):
        s = skill[t]
        skill[t + 1] = retention * (s + yearly * (1.0 - s)) + (1.0 - retention) * START_SKILL
    return skill


def skill_transfer(
    inflow: float, mentoring: float, retention: float, incentive: float, years: int = 15
) -> SkillTransfer:
    """Run the skill-transfer model.

    inflow: share of crew positions filled by visiting international professionals
        each year, a fraction from 0 to 0.6.
    mentoring: trainees per mentor (people per mentor), 1 to 10; each visiting
        professional mentors this many local crew when there are enough of them.
    retention: share of trained local crew still working in the local industry a
        year later, a fraction from 0.5 to 1.
    incentive: production-incentive level, unitless, 0 (none) to 1 (generous).
    years: horizon in years, a whole number from 1 to 30.

    Returns yearly local skill (0.3-1, 1 = visitors' level), local jobs index
    (0-2.5, 1 = year-0 local crew with no visitors and no incentives) and rate
    pressure (-1 to 1, positive = downward pressure on local rates), plus the
    skill path the same setting would give with no visitors.
    """
    inflow = check_range(inflow, *INFLOW_RANGE, "inflow")
    mentoring = check_range(mentoring, *MENTORING_RANGE, "mentoring")
    retention = check_range(retention, *RETENTION_RANGE, "retention")
    incentive = check_range(incentive, *INCENTIVE_RANGE, "incentive")
    years = check_whole(years, *YEARS_RANGE, "years")

    skill = skill_path(inflow, mentoring, retention, years)
    demand = (1.0 + INCENTIVE_EFFECT * incentive) * (1.0 + SKILL_ATTRACTION * (skill - START_SKILL))
    jobs = (1.0 - inflow) * demand
    pressure = inflow * (1.0 - skill) / (1.0 - START_SKILL) - 0.5 * (demand - 1.0)
    baseline = skill_path(0.0, mentoring, retention, years)
    arrays = [np.arange(years + 1), skill, jobs, pressure, baseline]
    for a in arrays:
        a.setflags(write=False)
    return SkillTransfer(
        inflow=inflow,
        mentoring=mentoring,
        retention=retention,
        incentive=incentive,
        coverage=coverage(inflow, mentoring),
        depth=depth(mentoring),
        years=arrays[0],
        skill=skill,
        jobs=jobs,
        pressure=pressure,
        baseline_skill=baseline,
    )
