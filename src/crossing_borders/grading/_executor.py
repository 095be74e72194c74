"""Runs INSIDE the sandbox: execute one notebook's code cells, print a JSON result.

Started by :mod:`crossing_borders.grading.sandbox` as
``python -I -m crossing_borders.grading._executor`` under bubblewrap, as an
unprivileged uid, with a private mount, PID and network namespace. It reads one
JSON request on stdin (the code cells, timeouts and limits; never the gradebook,
never the notebook's metadata) and writes one JSON result on its original
stdout, which only it holds: the kernel's stdout and stderr go to /dev/null and
this process makes itself non-dumpable, so the student's code (same uid) can
neither read its memory nor write into its result pipe.

The result only ever feeds a trusted merge (see ``batch.py``): outputs are
re-validated and re-capped there and copied into the notebook restored from the
gradebook, so the most a subverted executor can do is spoil its own student's
grade, which that student's code could do anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import resource
import secrets
import shutil
import sys
import time
from typing import Any

from crossing_borders.grading.outputs import cap_outputs, output_size


def _set_limits(limits: dict[str, int]) -> None:
    pairs = {
        "cpu_seconds": resource.RLIMIT_CPU,
        "memory_bytes": resource.RLIMIT_AS,
        "file_bytes": resource.RLIMIT_FSIZE,
        "nproc": resource.RLIMIT_NPROC,
        "nofile": resource.RLIMIT_NOFILE,
    }
    for key, which in pairs.items():
        value = limits.get(key)
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


async def _run(req: dict[str, Any]) -> dict[str, Any]:
    # jsonschema's optional RFC 3987 checker compiles a grammar at import (over
    # a second); nothing here validates notebooks, so keep it out.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    t0 = time.monotonic()
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    max_bytes = int(req["max_cell_output_bytes"])

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

    cells = [nbformat.v4.new_code_cell(source=c["source"]) for c in req["cells"]]
    nb = nbformat.v4.new_notebook(cells=cells)
    replies: dict[int, dict[str, Any]] = {}

    def on_executed(cell, cell_index, execute_reply):
        content = (execute_reply or {}).get("content", {})
        replies[cell_index] = {
            "status": content.get("status"),
            "ename": content.get("ename"),
            "evalue": str(content.get("evalue", ""))[:2000],
        }

    client = CappedClient(
        nb,
        kernel_name=req.get("kernel_name", "python3"),
        timeout=req["cell_timeout"],
        startup_timeout=req.get("startup_timeout", 60),
        interrupt_on_timeout=True,
        error_on_timeout={
            "ename": "CellTimeoutError",
            "evalue": f"cell still running after {req['cell_timeout']} s: interrupted",
            "traceback": [f"CellTimeoutError: cell still running after {req['cell_timeout']} s"],
        },
        iopub_timeout=2,
        raise_on_iopub_timeout=False,
        allow_errors=True,
        skip_cells_with_tag="skip-" + secrets.token_hex(16),
        store_widget_state=False,
        record_timing=False,
        on_cell_executed=on_executed,
        resources={"metadata": {"path": os.getcwd()}},
    )
    results: list[dict[str, Any]] = [
        {"index": c["index"], "status": "not_executed", "outputs": [], "execution_count": None}
        for c in req["cells"]
    ]
    events: list[str] = []
    deadline = time.monotonic() + float(req["deadline_seconds"])

    def stop_rest(start: int, reason: str) -> None:
        for r in results[start:]:
            if r["status"] == "not_executed" and not r.get("reason"):
                r["reason"] = reason

    client.km = client.create_kernel_manager()
    try:
        await client.async_start_new_kernel(cwd=os.getcwd())
        t1 = time.monotonic()
        await client.async_start_new_kernel_client()
        events.append(
            f"timing: imports+kernel start {t1 - t0:.2f} s, ready {time.monotonic() - t1:.2f} s"
        )
    except Exception as exc:
        return {"fatal": f"the kernel failed to start: {type(exc).__name__}: {exc}"[:2000]}

    for i, cell in enumerate(nb.cells):
        if not cell.source.strip():
            results[i]["status"] = "empty"
            continue
        remaining = deadline - time.monotonic()
        if remaining < 1:
            events.append("time limit for the submission reached")
            stop_rest(i, "time limit for the submission reached")
            break
        client.timeout = max(1, int(min(float(req["cell_timeout"]), remaining)))
        client.timed_out = False
        client._seen = 0
        client._dropped = 0
        try:
            await client.async_execute_cell(cell, i)
        except DeadKernelError:
            results[i]["status"] = "dead"
            results[i]["outputs"] = [*cell.get("outputs", [])]
            events.append(f"kernel died in code cell {i}")
            stop_rest(i + 1, "the kernel died in an earlier cell")
            break
        except CellTimeoutError as exc:
            client.timed_out = True
            events.append(f"cell {i}: {exc}"[:500])
        except Exception as exc:  # an executor bug must not lose the other cells
            results[i]["status"] = "executor_error"
            results[i]["reason"] = f"{type(exc).__name__}: {exc}"[:2000]
            events.append(results[i]["reason"])
            stop_rest(i + 1, "the executor failed in an earlier cell")
            break
        outs, dropped = cap_outputs(list(cell.get("outputs", [])), max_bytes)
        results[i]["outputs"] = outs
        results[i]["truncated_bytes"] = client._dropped + dropped
        results[i]["execution_count"] = cell.get("execution_count")
        results[i]["reply"] = replies.get(i)
        if client.timed_out:
            results[i]["status"] = "timeout"
            events.append(f"code cell {i} timed out after {client.timeout} s")
            if not await _responsive(client, float(req.get("probe_timeout", 3))):
                events.append("the kernel ignored the interrupt: stopped")
                stop_rest(i + 1, "the kernel stayed busy after a cell timed out")
                break
        else:
            status = (replies.get(i) or {}).get("status")
            results[i]["status"] = "ok" if status == "ok" else "error"
    if req.get("kill_kernel_on_exit"):  # unsandboxed: no PID namespace to do it for us
        with contextlib.suppress(Exception):
            await client.km.shutdown_kernel(now=True)
    return {"cells": results, "events": events}


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
    req = json.loads(raw)
    result_fd = os.dup(1)  # non-inheritable: the kernel never gets it
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    _make_undumpable()

    try:
        _set_limits(req.get("limits", {}))
        os.makedirs(req["work_dir"], exist_ok=True)
        _copy_files(req["files_dir"], req["work_dir"])
        os.chdir(req["work_dir"])
        result = asyncio.run(_run(req))
    except BaseException as exc:
        result = {"fatal": f"{type(exc).__name__}: {exc}"[:2000]}
    result.setdefault("events", [])
    data = json.dumps(result).encode()
    view = memoryview(data)
    while view:
        n = os.write(result_fd, view)
        view = view[n:]
    os.close(result_fd)
    os._exit(0)  # the sandbox's PID namespace takes the kernel down with us


if __name__ == "__main__":
    main()
