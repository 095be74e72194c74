"""Collect only what each student handed in themselves: nbgrader's collect, with ownership.

On a hub every student is a Unix user, and nbgrader's exchange names a submission
`<student>+<assignment>+<timestamp>+<random>`. Anyone may create an entry in the
inbound folder, so a student could hand in a folder named after a classmate with a
later timestamp; nbgrader's collect would take it as the classmate's latest work and
only log a warning ("cheating attempt?"). Here such a folder is not collected: the
newest submission the student really owns is taken instead (or none), and the
refusal is logged as an error that names both. `nbgrader_config.py` uses it on a hub
(CROSSING_BORDERS_HUB=1), where a submission's owner is its author; on one shared
account, where classmates submit with `--student`, nbgrader's own collect applies.
"""

from __future__ import annotations

import glob
import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect


def owner_of(path: str) -> str:
    try:
        return pwd.getpwuid(os.stat(path).st_uid).pw_name
    except KeyError:
        return "an unknown user id"


class OwnedCollect(ExchangeCollect):
    """nbgrader's collect, which skips submissions not owned by the student they name."""

    def _owned(self, record: dict) -> bool:
        return owner_of(os.path.join(self.inbound_path, record["filename"])) == record["username"]

    def _genuine(self, student: str) -> list[dict]:
        pattern = os.path.join(
            self.inbound_path, f"{glob.escape(student)}+{self.coursedir.assignment_id}+*"
        )
        records = [self._path_to_record(path) for path in glob.glob(pattern)]
        return self._sort_by_timestamp([r for r in records if self._owned(r)])

    def copy_files(self) -> None:
        kept = []
        for record in self.src_records:
            if self._owned(record):
                kept.append(record)
                continue
            path = os.path.join(self.inbound_path, record["filename"])
            self.log.error(
                "Not collected: %s claims to be from %s but belongs to %s",
                path,
                record["username"],
                owner_of(path),
            )
            kept.extend(self._genuine(record["username"])[:1])
        self.src_records = kept
        super().copy_files()
