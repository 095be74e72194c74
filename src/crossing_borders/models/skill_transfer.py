from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossing_borders.models._checks import check_range, check_whole
from crossing_borders.models.equations import Equation, HowItWorks, Term, document

#: Valid ranges, used by the explorable and the property tests.
INFLOW_RANGE = (0.0, 0.6)
STAY_RANGE = (0, 30)
MENTORING_RANGE = (1.0, 10.0)
LEVY_RANGE = (0.0, 1.0)
RETENTION_RANGE = (0.5, 1.0)
YEARS_RANGE = (1, 30)

START_SKILL = 0.3  # a local entrant's skill; visitors work at 1
ON_THE_JOB = 0.02  # share of the skill gap closed each year without a mentor
DEPTH_ONE_TO_ONE = 0.25  # share of the gap a one-to-one mentee closes each year
DILUTION = 0.35  # how fast depth falls as a mentor takes more trainees
CURRICULA = 0.6  # how much of local skill a fully funded curriculum passes to entrants
PRODUCTION_PULL = 0.5  # extra shoots that come with the visiting productions
LEVY_DETERRENCE = 0.2  # shoots a full levy drives away
RETENTION = 0.85  # trained locals still working locally a year later

#: Documented bounds of the outputs (the property tests hold the model to them).
SKILL_BOUNDS = (START_SKILL, 1.0)
JOBS_BOUNDS = (0.0, 2.5)
PRESSURE_BOUNDS = (-1.5, 1.0)

HOW = HowItWorks(
    equations=(
        Equation(
            r"i_t = i \;\mathrm{while}\; t < T,\;\; 0 \;\mathrm{after}",
            "i_t = i while t < T, 0 after",
            "Visiting professionals fill a share i of crew posts for T years, then stop coming.",
        ),
        Equation(
            r"c_t = \min\left(1,\; \frac{m\,i_t}{1 - i_t}\right),\quad"
            r"d = \frac{0.25}{1 + 0.35\,(m - 1)}",
            "c_t = min(1, m i_t / (1 - i_t)), d = 0.25 / (1 + 0.35 (m - 1))",
            "Coverage is the share of local crew with a mentor; depth is how much each "
            "mentee learns, less when a mentor takes more trainees.",
        ),
        Equation(
            r"e_t = 0.3 + 0.6\,\ell\,(S_t - 0.3)",
            "e_t = 0.3 + 0.6 l (S_t - 0.3)",
            "Entrants start at 0.3, or higher where a levy-funded curriculum passes on what "
            "local crews have learned.",
        ),
        Equation(
            r"S_{t+1} = r\,\left(S_t + (0.02 + c_t d)(1 - S_t)\right) + (1 - r)\,e_t",
            "S_(t+1) = r (S_t + (0.02 + c_t d) (1 - S_t)) + (1 - r) e_t",
            "Each year crews close part of the gap to the visitors' skill; the share 1 - r "
            "who leave take their skill with them and are replaced by entrants.",
        ),
        Equation(
            r"J_t = (1 - i_t)\,(1 + 0.5\,i_t)\,(1 - 0.2\,\ell)\,(1 + S_t - 0.3)",
            "J_t = (1 - i_t) (1 + 0.5 i_t) (1 - 0.2 l) (1 + S_t - 0.3)",
            "Local posts: visiting productions bring shoots but fill posts; a levy drives some "
            "shoots away; a more skilled local crew attracts work.",
        ),
        Equation(
            r"P_t = i_t\,\frac{1 - S_t}{0.7} - 0.5\,(J_t - 1)",
            "P_t = i_t (1 - S_t) / 0.7 - 0.5 (J_t - 1)",
            "Pressure on local rates: competition from visitors while local skill lags theirs, "
            "eased by a tighter local market. Positive means rates are pushed down.",
        ),
    ),
    terms=(
        Term("i", "i", "share of crew posts filled by visitors while they come, 0 to 0.6"),
        Term("T", "T", "years the visitors keep coming (a run lasts 15 years unless set)"),
        Term("m", "m", "trainees per mentor, 1 to 10"),
        Term(r"\ell", "l", "training levy on productions: 0 none, 0.5 half, 1 full"),
        Term("r", "r", "trained locals still working locally a year later: 0.85"),
        Term("S_t", "S_t", "local skill in year t, 0.3 to 1 (1 = the visitors' level)"),
        Term("J_t", "J_t", "local crew posts, 1 = year 0 with no visitors and no levy"),
        Term("P_t", "P_t", "pressure on local rates, positive = downward"),
    ),
    assumptions=(
        "Visitors work at the skill frontier (1 on the index); local entrants start at 0.3.",
        "More trainees per mentor reaches more of the crew but teaches each less.",
        "Visitors stop coming after the years set; what they taught then lives on only in "
        "crews who stay and in what curricula pass to entrants.",
        "A training levy funds those curricula and drives some productions away.",
        "Every coefficient is chosen to make the mechanism visible; none is measured. "
        "All indices are unitless over a 15-year run.",
    ),
)

__doc__ = document(
    """Chapter 2 teaching model: skill transfer from visiting professionals, and after they go.

What it represents: the essay's "virtuous circle of skill transfer", its worry that
studios "pressure local rates", and its "calibrated approach to budgeting, where
high-end productions subsidize training programs". Visiting professionals fill a
share of crew posts for some years and mentor local crew; then they stop coming.
A levy on productions can fund curricula that pass local skill on to entrants.
The model follows, year by year, local skill, local crew posts and the pressure on
local rates, beside the path with no visitors at all.""",
    HOW,
)


@dataclass(frozen=True)
class SkillTransfer:
    """Yearly paths for one setting (arrays indexed by year 0..years)."""

    inflow: float
    stay: int
    mentoring: float
    levy: float
    years: np.ndarray
    skill: np.ndarray
    jobs: np.ndarray
    pressure: np.ndarray
    baseline_skill: np.ndarray  # the same levy and retention, no visitors ever
    baseline_jobs: np.ndarray

    @property
    def final_skill(self) -> float:
        return float(self.skill[-1])

    @property
    def kept_skill(self) -> float:
        """Skill above the no-visitor path in the last year."""
        return float(self.skill[-1] - self.baseline_skill[-1])

    @property
    def peak_gain(self) -> float:
        return float(np.max(self.skill - self.baseline_skill))

    @property
    def mean_jobs(self) -> float:
        return float(np.mean(self.jobs))

    @property
    def mean_baseline_jobs(self) -> float:
        return float(np.mean(self.baseline_jobs))

    @property
    def peak_pressure(self) -> float:
        return float(np.max(self.pressure))

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


def run(
    inflow: float, stay: int, mentoring: float, levy: float, retention: float, years: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(skill, jobs, pressure) for years 0..years: the recurrences in the module docstring."""
    skill = np.empty(years + 1)
    skill[0] = START_SKILL
    flows = np.array([inflow if t < stay else 0.0 for t in range(years + 1)])
    for t in range(years):
        s, i = skill[t], flows[t]
        learned = ON_THE_JOB + coverage(i, mentoring) * depth(mentoring)
        entrants = START_SKILL + CURRICULA * levy * (s - START_SKILL)
        skill[t + 1] = retention * (s + learned * (1.0 - s)) + (1.0 - retention) * entrants
    jobs = (
        (1.0 - flows)
        * (1.0 + PRODUCTION_PULL * flows)
        * (1.0 - LEVY_DETERRENCE * levy)
        * (1.0 + skill - START_SKILL)
    )
    pressure = flows * (1.0 - skill) / (1.0 - START_SKILL) - 0.5 * (jobs - 1.0)
    return skill, jobs, pressure


def skill_transfer(
    inflow: float,
    stay: int,
    mentoring: float,
    levy: float,
    retention: float = RETENTION,
    years: int = 15,
) -> SkillTransfer:
    """Run the skill-transfer model.

    inflow: share of crew posts filled by visiting professionals while they come,
        a fraction from 0 to 0.6.
    stay: years the visitors keep coming, a whole number from 0 to 30.
    mentoring: trainees per mentor (people per mentor), 1 to 10.
    levy: training levy on productions, 0 (none) to 1 (full).
    retention: share of trained local crew still working locally a year later,
        0.5 to 1 (default 0.85).
    years: length of the run in years, 1 to 30 (default 15).
    """
    inflow = check_range(inflow, *INFLOW_RANGE, "inflow")
    stay = check_whole(stay, *STAY_RANGE, "stay")
    mentoring = check_range(mentoring, *MENTORING_RANGE, "mentoring")
    levy = check_range(levy, *LEVY_RANGE, "levy")
    retention = check_range(retention, *RETENTION_RANGE, "retention")
    years = check_whole(years, *YEARS_RANGE, "years")
    skill, jobs, pressure = run(inflow, stay, mentoring, levy, retention, years)
    base_skill, base_jobs, _ = run(0.0, 0, mentoring, levy, retention, years)
    arrays = [np.arange(years + 1), skill, jobs, pressure, base_skill, base_jobs]
    for a in arrays:
        a.setflags(write=False)
    return SkillTransfer(
        inflow=inflow,
        stay=stay,
        mentoring=mentoring,
        levy=levy,
        years=arrays[0],
        skill=skill,
        jobs=jobs,
        pressure=pressure,
        baseline_skill=base_skill,
        baseline_jobs=base_jobs,
    )
