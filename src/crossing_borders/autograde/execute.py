"""The one step of nbgrader's autograde pipeline that the course swaps: execution.

`SandboxedExecute` stands where nbgrader's `Execute` stands in
`Autograde.autograde_preprocessors`. Instead of running the notebook in a
kernel beside the gradebook, it takes the outputs of a sandboxed run (see
`sandbox.py`) and writes them into the notebook nbgrader restored, checked:

* every output is rebuilt from known fields and capped in bytes (`outputs.py`);
* a cell whose kernel reply was an error gets an error output, even when its
  traceback was hidden, so it never scores as passed;
* a cell stopped at its time limit gets nbgrader's own `CellTimeoutError`, a cell
  the kernel died in a `DeadKernelError`, one that never ran a `CellNotExecuted`;
* a stderr stream is kept within nbgrader's `LimitOutput.max_lines`, which would
  otherwise drop it past that many lines (and nbgrader scores stderr as a fail);
* partial credit outside a test's points is clamped to them (nbgrader would stop).

Executions run ahead, in parallel (`Runs.start`); nbgrader's converter then meets
each result in order, so the gradebook is written by one thread, one student at
a time, exactly as `nbgrader autograde` writes it.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import LimitOutput, NbGraderPreprocessor
from traitlets import Unicode

from crossing_borders.autograde.outputs import cap_outputs, error_output, sanitize_output
from crossing_borders.autograde.protocol import CellStatus, ExecutionResult, Stop
from crossing_borders.autograde.sandbox import SandboxConfig, run_notebook

STOPPED = {
    Stop.SUBMISSION_TIME: "the submission's time limit was reached before this cell",
    Stop.KERNEL_DIED: "the kernel died in an earlier cell",
    Stop.KERNEL_BUSY: "the kernel stayed busy after an earlier cell was stopped",
    Stop.EXECUTOR_FAILED: "the executor failed in an earlier cell",
}


class SubmissionFailed(Exception):
    """Nothing gradable came back for a submission; the message says why."""


@dataclass
class Findings:
    """What executing one student's notebooks found worth reporting."""

    notes: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)  # one line per cell stopped at its limit
    flags: list[str] = field(default_factory=list)
    failure: str | None = None


def code_sources(nb: NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _digest(sources: list[str]) -> str:
    h = hashlib.sha256()
    for source in sources:
        h.update(source.encode())
        h.update(b"\0")
    return h.hexdigest()


class Runs:
    """The sandboxed executions of one grading run, started ahead of nbgrader."""

    def __init__(self, sandbox: SandboxConfig, cell_timeout: float, timeout: float, jobs: int):
        self.sandbox, self.cell_timeout, self.timeout = sandbox, cell_timeout, timeout
        self.pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="sandbox")
        self.slots: queue.Queue[int] = queue.Queue()
        for slot in range(jobs):  # one unprivileged uid per sandbox running at once
            self.slots.put(slot)
        self.started: dict[tuple[str, str], tuple[str, Future]] = {}
        self.deadlines: dict[str, float] = {}
        self.findings: dict[str, Findings] = {}
        self.lock = threading.Lock()

    def start(self, student: str, notebook: str, sources: list[str], files: Path) -> Future:
        """Run a notebook's code cells in a sandbox, in the background."""
        future = self.pool.submit(self._run, student, sources, files)
        self.started[(student, notebook)] = (_digest(sources), future)
        return future

    def _run(self, student: str, sources: list[str], files: Path) -> ExecutionResult:
        slot = self.slots.get()
        try:
            with self.lock:  # a student's notebooks share one time limit
                deadline = self.deadlines.setdefault(student, time.monotonic() + self.timeout)
            remaining = deadline - time.monotonic()
            if remaining < 5:
                return ExecutionResult.failed(
                    f"the time limit of {self.timeout:g} s for the submission was reached"
                )
            return run_notebook(sources, self.cell_timeout, files, self.sandbox, slot, remaining)
        finally:
            self.slots.put(slot)

    def result(self, student: str, notebook: str, sources: list[str], files: Path):
        """The sandboxed result for exactly these cells (run now if they are not what ran)."""
        started = self.started.get((student, notebook))
        if started is None or started[0] != _digest(sources):
            self.findings_for(student).notes.append(f"{notebook}: executed again at grading")
            started = (_digest(sources), self.start(student, notebook, sources, files))
        return started[1].result()

    def findings_for(self, student: str) -> Findings:
        return self.findings.setdefault(student, Findings())

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


#: Runs of the grading runs in this process, by run id. nbgrader builds its
#: preprocessors from configuration, which holds only plain values.
RUNS: dict[str, tuple[Runs, dict[str, Path]]] = {}


class SandboxedExecute(NbGraderPreprocessor):
    """nbgrader's execution step, sandboxed (see the module)."""

    run_id = Unicode(help="the grading run whose sandboxed results to use").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):
        runs, files = RUNS[self.run_id]
        meta = resources["nbgrader"]
        student, notebook = meta["student"], meta["notebook"]
        findings = runs.findings_for(student)
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        result = runs.result(student, notebook, code_sources(nb), files[student])
        if result.fatal:
            findings.failure = f"{notebook}: {result.fatal}"
            raise SubmissionFailed(findings.failure)
        max_lines = LimitOutput(config=self.config).max_lines
        limits = OutputLimits(runs.sandbox.max_cell_output_bytes, max_lines, runs.cell_timeout)
        merge(nb, code, result, limits, findings)
        if findings.failure:
            raise SubmissionFailed(findings.failure)
        for note in (*findings.notes, *findings.timeouts):
            self.log.info("%s: %s", student, note)
        return nb, resources


@dataclass(frozen=True)
class OutputLimits:
    max_bytes: int  # per cell, after the sandbox's own cap
    max_lines: int  # nbgrader's LimitOutput.max_lines
    cell_timeout: float  # seconds a cell ran before it was stopped


def merge(
    nb: NotebookNode,
    code: list[int],
    result: ExecutionResult,
    limits: OutputLimits,
    findings: Findings,
) -> None:
    """Write a sandbox's results into the notebook nbgrader restored (see the module)."""
    max_bytes = limits.max_bytes
    truncated = 0
    for position, cell_result in zip(code, result.cells, strict=True):
        cell = nb.cells[position]
        outputs = [
            sanitize_output(o) or error_output("InvalidOutput", "malformed output from sandbox")
            for o in cell_result.outputs
        ]
        outputs, dropped = cap_outputs(outputs, max_bytes)
        truncated += bool(dropped or cell_result.truncated_bytes)
        has_error = any(o["output_type"] == "error" for o in outputs)
        status = cell_result.status
        if status in (CellStatus.OK, CellStatus.ERROR, CellStatus.EMPTY):
            if cell_result.failed_reply and not has_error:
                # a kernel that hides tracebacks must not turn a failure into a pass
                outputs.append(error_output(cell_result.failed_reply, "see execute_reply"))
        elif status is CellStatus.TIMEOUT:
            if not has_error:
                outputs.append(error_output("CellTimeoutError", "the cell ran past its time limit"))
            findings.timeouts.append(
                f"{cell_label(cell)} did not finish within {limits.cell_timeout:g} s and "
                "was stopped"
            )
        elif status is CellStatus.DEAD:
            outputs.append(
                error_output("DeadKernelError", "the kernel died while running this cell")
            )
            findings.notes.append(f"the kernel died in {cell_label(cell)}")
        else:  # NOT_RUN, EXECUTOR_ERROR
            if cell_result.stopped_by is Stop.SUBMISSION_TIME:
                findings.failure = (
                    "the time limit for the submission was reached before every cell ran "
                    "(raise --timeout?)"
                )
            reason = STOPPED.get(cell_result.stopped_by, "the cell did not run")
            outputs = [error_output("CellNotExecuted", reason)]
            if utils.is_grade(cell):
                findings.notes.append(f"test {cell_label(cell)} did not run: {reason}")
        outputs = keep_stderr(outputs, limits.max_lines)
        cell.outputs = [nbformat.from_dict(o) for o in outputs]
        cell.execution_count = cell_result.execution_count
        findings.flags.extend(clamp_partial_credit(cell))
    if truncated:
        findings.notes.append(f"output of {truncated} cell(s) truncated to {max_bytes} bytes")


def cell_label(cell: NotebookNode) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"cell {grade_id!r}" if grade_id else "an unlabelled cell"


def keep_stderr(outputs: list[dict], max_lines: int) -> list[dict]:
    """Shorten stdout so that nbgrader's LimitOutput keeps the stderr after it.

    LimitOutput keeps streams until `max_lines` lines and drops the rest; nbgrader
    scores a test with stderr 0, so a stderr past that budget must not be lost.
    """
    streams = [i for i, o in enumerate(outputs) if o.get("output_type") == "stream"]
    errs = [i for i in streams if outputs[i].get("name") == "stderr"]
    total = sum(len(outputs[i]["text"].split("\n")) for i in streams)
    if max_lines < 0 or not errs or total <= max_lines:
        return outputs
    kept = list(outputs)
    excess = total - max_lines + 1
    for i in (i for i in streams if i < errs[-1] and outputs[i].get("name") == "stdout"):
        lines = kept[i]["text"].split("\n")
        cut = min(excess, len(lines) - 1)
        if cut > 0:
            note = "... [stdout shortened so the errors after it stay]"
            kept[i] = {**kept[i], "text": "\n".join([*lines[: len(lines) - cut - 1], note])}
            excess -= cut
    return kept


def clamp_partial_credit(cell: NotebookNode) -> list[str]:
    """Partial credit outside [0, points] is clamped (nbgrader would stop on it)."""
    if not (utils.is_grade(cell) and cell.cell_type == "code") or utils.is_solution(cell):
        return []
    maximum = float(cell.metadata.nbgrader["points"])
    for output in cell.outputs:
        if output.output_type != "execute_result":
            continue
        shown = output.data.get("text/plain", "")
        try:
            value = float(shown)
        except (TypeError, ValueError):
            return []
        if 0 <= value <= maximum:
            return []
        output.data = {"text/plain": f"{min(max(value, 0.0), maximum):g}"}
        return [f"{cell_label(cell)}: partial credit {shown!r} outside 0 to {maximum:g}: clamped"]
    return []
