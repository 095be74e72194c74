"""The course's explorables, one declaration per chapter, looked up by name.

Each chapter's module declares the claim of the essay its model examines, the
sentence that judges one state against it, the outcomes the page reports and the
tries on the page, whose answers are computed from the model at build time.
"""

from __future__ import annotations

from crossing_borders.explorables.catalog.coproduction import COPRODUCTION
from crossing_borders.explorables.catalog.openness_map import OPENNESS_MAP
from crossing_borders.explorables.catalog.policy_lab import POLICY_LAB
from crossing_borders.explorables.catalog.reception import RECEPTION
from crossing_borders.explorables.catalog.skill_transfer import SKILL_TRANSFER
from crossing_borders.explorables.catalog.team_mix import TEAM_MIX
from crossing_borders.explorables.spec import Explorable

CATALOG: dict[str, Explorable] = {
    e.name: e for e in (TEAM_MIX, SKILL_TRANSFER, COPRODUCTION, RECEPTION, POLICY_LAB, OPENNESS_MAP)
}


def get(name: str) -> Explorable:
    try:
        return CATALOG[name]
    except KeyError:
        raise KeyError(f"no explorable named {name!r}; known: {sorted(CATALOG)}") from None
