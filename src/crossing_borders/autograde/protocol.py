"""What the grader sends into a sandbox and what comes back, as types.

The trusted side builds an `ExecutionRequest`; the executor inside the sandbox
answers with an `ExecutionResult`. Both cross the sandbox wall as JSON, so each
has `to_json`; the result also has `parse`, which trusts nothing it reads: a
result that does not fit these types becomes a `fatal` one. Standard library
only: the executor imports this module inside the sandbox.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class CellStatus(StrEnum):
    OK = "ok"  # ran and raised nothing
    ERROR = "error"  # ran and raised
    EMPTY = "empty"  # nothing to run
    TIMEOUT = "timeout"  # stopped at the cell's time limit
    DEAD = "dead"  # the kernel died while running it
    NOT_RUN = "not_run"  # never started (see `Stop`)
    EXECUTOR_ERROR = "executor_error"  # the executor itself failed on it


class Stop(StrEnum):
    """Why the cells after some point did not run."""

    SUBMISSION_TIME = "submission_time"  # the submission's own time ran out
    KERNEL_DIED = "kernel_died"
    KERNEL_BUSY = "kernel_busy"  # it ignored the interrupt after a timeout
    EXECUTOR_FAILED = "executor_failed"


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int
    memory_bytes: int
    file_bytes: int
    nproc: int
    nofile: int


@dataclass(frozen=True)
class ExecutionRequest:
    """The code cells of one notebook, in order, and how to run them."""

    sources: list[str]
    cell_timeout: float
    deadline_seconds: float
    max_cell_output_bytes: int
    limits: Limits
    files_dir: str
    work_dir: str
    kernel_name: str = "python3"
    startup_timeout: int = 60
    probe_timeout: float = 3.0
    kill_kernel_on_exit: bool = False

    def to_json(self) -> bytes:
        return json.dumps(asdict(self)).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> ExecutionRequest:
        data = json.loads(raw)
        data["limits"] = Limits(**data["limits"])
        return cls(**data)


@dataclass
class CellResult:
    status: CellStatus = CellStatus.NOT_RUN
    outputs: list[dict[str, Any]] = field(default_factory=list)
    execution_count: int | None = None
    truncated_bytes: int = 0
    failed_reply: str | None = None  # the kernel replied "error" (ename), outputs or not
    stopped_by: Stop | None = None


@dataclass
class ExecutionResult:
    cells: list[CellResult] = field(default_factory=list)
    fatal: str | None = None  # nothing usable came back, and why
    startup_seconds: float = 0.0
    elapsed: float = 0.0

    def to_json(self) -> bytes:
        return json.dumps(asdict(self)).encode()

    @classmethod
    def failed(cls, reason: str) -> ExecutionResult:
        return cls(fatal=reason[:2000])

    @classmethod
    def parse(cls, raw: bytes, expected_cells: int) -> ExecutionResult:
        """The executor's answer, or a fatal result saying why it cannot be used."""
        try:
            data = json.loads(raw or b"null")
            if data.get("fatal"):
                return cls.failed(str(data["fatal"]))
            cells = [_cell(c) for c in data["cells"]]
            startup = float(data.get("startup_seconds", 0.0))
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls.failed("the sandbox returned a malformed result")
        if len(cells) != expected_cells:
            return cls.failed("the sandbox returned a result for the wrong number of cells")
        return cls(cells=cells, startup_seconds=startup)


def _cell(data: dict[str, Any]) -> CellResult:
    count = data.get("execution_count")
    stopped = data.get("stopped_by")
    failed = data.get("failed_reply")
    outputs = data.get("outputs")
    if not isinstance(outputs, list):
        raise TypeError("outputs is not a list")
    return CellResult(
        status=CellStatus(data["status"]),
        outputs=outputs,
        execution_count=count if type(count) is int else None,
        truncated_bytes=max(0, int(data.get("truncated_bytes", 0))),
        failed_reply=str(failed)[:200] if failed is not None else None,
        stopped_by=Stop(stopped) if stopped is not None else None,
    )
