"""Runs INSIDE the sandbox: execute one notebook's code cells, print a JSON result.

Started by :mod:`crossing_borders.autograde.sandbox` as
``python -I -m crossing_borders.autograde._executor`` under bubblewrap, as an
unprivileged uid, with a private mount, PID and network namespace. It reads one
`ExecutionRequest` on stdin (the code cells, timeouts and limits; never the
gradebook, never the notebook's metadata) and writes one `ExecutionResult` on its original
stdout, which only it holds: the kernel's stdout and stderr go to /dev/null and
this process makes itself non-dumpable, so the student's code (same uid) can
neither read its memory nor write into its result pipe.

The result only ever feeds a trusted merge: outputs are
re-validated and re-capped there (see ``execute.py``) and copied into the notebook
that nbgrader restored from the gradebook, so the most a subverted executor can do
is spoil its own student's grade, which that student's code could do anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import resource
import secrets
import shutil
import sys
import time

from crossing_borders.autograde.outputs import cap_outputs, output_size
from crossing_borders.autograde.protocol import (
    CellResult,
    CellStatus,
    ExecutionRequest,
    ExecutionResult,
    Limits,
    Stop,
)


def _set_limits(limits: Limits) -> None:
    pairs = {
        "cpu_seconds": resource.RLIMIT_CPU,
        "memory_bytes": resource.RLIMIT_AS,
        "file_bytes": resource.RLIMIT_FSIZE,
        "nproc": resource.RLIMIT_NPROC,
        "nofile": resource.RLIMIT_NOFILE,
    }
    for key, which in pairs.items():
        value = getattr(limits, key)
        if value:
            hard = value + 5 if key == "cpu_seconds" else value
            resource.setrlimit(which, (value, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _make_undumpable() -> None:
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4


def _copy_files(src: str, dst: str) -> None:
    if not os.path.isdir(src):
        return
    for entry in os.listdir(src):
        s, d = os.path.join(src, entry), os.path.join(dst, entry)
        if os.path.islink(s):
            continue
        if os.path.isdir(s):
            shutil.copytree(s, d, symlinks=False, dirs_exist_ok=True)
        elif os.path.isfile(s):
            shutil.copyfile(s, d)


async def _run(req: ExecutionRequest) -> ExecutionResult:
    # jsonschema's optional RFC 3987 checker compiles a grammar at import (over
    # a second); nothing here validates notebooks, so keep it out.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    t0 = time.monotonic()
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    max_bytes = req.max_cell_output_bytes

    class CappedClient(NotebookClient):
        timed_out = False
        _seen = 0
        _dropped = 0

        def output(self, outs, msg, display_id, cell_index):
            out = super().output(outs, msg, display_id, cell_index)
            if out is not None:
                self._seen += output_size(out)
                if self._seen > 2 * max_bytes:
                    outs[:], dropped = cap_outputs(outs, max_bytes)
                    self._dropped += dropped
                    self._seen = sum(output_size(o) for o in outs)
            return out

        async def _async_handle_timeout(self, timeout, cell=None):
            self.timed_out = True
            return await super()._async_handle_timeout(timeout, cell)

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in req.sources])
    replies: dict[int, str | None] = {}

    def on_executed(cell, cell_index, execute_reply):
        content = (execute_reply or {}).get("content", {})
        failed = content.get("status") == "error"
        replies[cell_index] = str(content.get("ename") or "Error") if failed else None

    client = CappedClient(
        nb,
        kernel_name=req.kernel_name,
        timeout=req.cell_timeout,
        startup_timeout=req.startup_timeout,
        interrupt_on_timeout=True,
        error_on_timeout={
            "ename": "CellTimeoutError",
            "evalue": f"cell still running after {req.cell_timeout:g} s: interrupted",
            "traceback": [f"CellTimeoutError: cell still running after {req.cell_timeout:g} s"],
        },
        iopub_timeout=2,
        raise_on_iopub_timeout=False,
        allow_errors=True,
        # Every cell runs: no tag the student can set skips one.
        skip_cells_with_tag="skip-" + secrets.token_hex(16),
        store_widget_state=False,
        record_timing=False,
        on_cell_executed=on_executed,
        resources={"metadata": {"path": os.getcwd()}},
    )
    results = [CellResult() for _ in req.sources]
    deadline = time.monotonic() + req.deadline_seconds

    def stop_rest(start: int, why: Stop) -> None:
        for result in results[start:]:
            if result.status is CellStatus.NOT_RUN and result.stopped_by is None:
                result.stopped_by = why

    client.km = client.create_kernel_manager()
    try:
        await client.async_start_new_kernel(cwd=os.getcwd())
        await client.async_start_new_kernel_client()
    except Exception as exc:
        return ExecutionResult.failed(f"the kernel failed to start: {type(exc).__name__}: {exc}")
    outcome = ExecutionResult(cells=results, startup_seconds=time.monotonic() - t0)

    for i, cell in enumerate(nb.cells):
        result = results[i]
        if not cell.source.strip():
            result.status = CellStatus.EMPTY
            continue
        remaining = deadline - time.monotonic()
        if remaining < 1:
            stop_rest(i, Stop.SUBMISSION_TIME)
            break
        client.timeout = max(1, int(min(req.cell_timeout, remaining)))
        client.timed_out = False
        client._seen = 0
        client._dropped = 0
        try:
            await client.async_execute_cell(cell, i)
        except DeadKernelError:
            result.status = CellStatus.DEAD
            result.outputs = [*cell.get("outputs", [])]
            stop_rest(i + 1, Stop.KERNEL_DIED)
            break
        except CellTimeoutError:
            client.timed_out = True
        except Exception:  # an executor bug must not lose the other cells
            result.status = CellStatus.EXECUTOR_ERROR
            stop_rest(i + 1, Stop.EXECUTOR_FAILED)
            break
        result.outputs, dropped = cap_outputs(list(cell.get("outputs", [])), max_bytes)
        result.truncated_bytes = client._dropped + dropped
        count = cell.get("execution_count")
        result.execution_count = count if type(count) is int else None
        result.failed_reply = replies.get(i)
        if client.timed_out:
            result.status = CellStatus.TIMEOUT
            if not await _responsive(client, req.probe_timeout):
                stop_rest(i + 1, Stop.KERNEL_BUSY)
                break
        else:
            result.status = CellStatus.ERROR if replies.get(i) else CellStatus.OK
    if req.kill_kernel_on_exit:  # unsandboxed: no PID namespace to do it for us
        with contextlib.suppress(Exception):
            await client.km.shutdown_kernel(now=True)
    return outcome


async def _responsive(client, timeout: float) -> bool:
    """Whether the kernel answers a trivial request after an interrupt."""
    try:
        msg_id = client.kc.execute("pass", store_history=False)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            reply = await client.kc.get_shell_msg(timeout=left)
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return True
    except Exception:
        return False


def main() -> None:
    raw = sys.stdin.buffer.read()
    result_fd = os.dup(1)  # non-inheritable: the kernel never gets it
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    _make_undumpable()

    try:
        req = ExecutionRequest.from_json(raw)
        _set_limits(req.limits)
        os.makedirs(req.work_dir, exist_ok=True)
        _copy_files(req.files_dir, req.work_dir)
        os.chdir(req.work_dir)
        result = asyncio.run(_run(req))
    except BaseException as exc:
        result = ExecutionResult.failed(f"{type(exc).__name__}: {exc}")
    view = memoryview(result.to_json())
    while view:
        n = os.write(result_fd, view)
        view = view[n:]
    os.close(result_fd)
    os._exit(0)  # the sandbox's PID namespace takes the kernel down with us


if __name__ == "__main__":
    main()
