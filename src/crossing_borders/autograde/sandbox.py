"""Run a student's notebook where it can reach nothing of the course.

One sandbox per notebook, built with bubblewrap (Debian package ``bubblewrap``)
and ``setpriv`` (util-linux, always installed):

* bwrap runs as root without a user namespace and gives the child private
  mount, PID, network, IPC and UTS namespaces, a new session, and kills it
  with its parent;
* the mount namespace holds only ``/usr`` and the Python installation
  (read-only: base interpreter, virtualenv, this package's source), a minimal
  ``/dev`` and ``/proc``, size-limited tmpfs for ``/tmp``, ``/dev/shm`` and the
  work folder, and the submission's extra files (read-only, copied into the
  work folder by the executor). The course root, gradebook, ``exercises/``,
  ``submitted/``, ``autograded/`` and the exchange are simply not there;
* ``setpriv`` then drops to a numeric uid/gid that owns nothing on the host
  (one per parallel slot, so RLIMIT_NPROC counts one sandbox), clears groups,
  empties every capability set and sets no_new_privs;
* the executor sets RLIMIT_CPU, RLIMIT_AS, RLIMIT_FSIZE, RLIMIT_NPROC,
  RLIMIT_NOFILE and RLIMIT_CORE=0 before starting the kernel (inherited by it);
* the network namespace has only a loopback (the kernel's ZMQ sockets).

Nothing the student writes reaches the host's disk: every writable place is a
tmpfs that disappears with the sandbox. The caller holds a wall-clock timeout
and kills bwrap, which takes the whole PID namespace down.

When this cannot be set up (not root, bwrap or setpriv missing, a smoke test
failing) :func:`check_sandbox` raises :class:`SandboxUnavailable`; grading then
refuses to run unless ``--unsafe-no-sandbox`` was given.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import crossing_borders
from crossing_borders.autograde.protocol import ExecutionRequest, ExecutionResult, Limits

# Numeric ids that no account uses: well above Debian's dynamic ranges and the
# usual /etc/subuid allocations (100000 + 65536 per user). Slot n uses BASE + n.
DEFAULT_UID_BASE = 2_100_000_000
WORK_DIR = "/home/student"
FILES_DIR = "/opt/crossing-borders/files"


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot be set up here; grading must not silently go on."""


@dataclass
class SandboxLimits:
    cpu_seconds: int = 300
    memory_mb: int = 2048
    file_mb: int = 64
    nproc: int = 128
    nofile: int = 512
    tmpfs_mb: int = 256

    def as_request(self) -> Limits:
        return Limits(
            cpu_seconds=self.cpu_seconds,
            memory_bytes=self.memory_mb * 2**20,
            file_bytes=self.file_mb * 2**20,
            nproc=self.nproc,
            nofile=self.nofile,
        )


@dataclass
class SandboxConfig:
    enabled: bool = True  # False only through --unsafe-no-sandbox
    bwrap: str = "bwrap"
    setpriv: str = "setpriv"
    uid_base: int = DEFAULT_UID_BASE
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    max_cell_output_bytes: int = 100_000
    max_result_bytes: int = 64 * 2**20
    kernel_name: str = "python3"
    startup_timeout: int = 60
    probe_timeout: float = 3.0
    extra_ro_binds: tuple[str, ...] = ()


def _is_within(path: Path, parent: Path) -> bool:
    try:
        path.relative_to(parent)
    except ValueError:
        return False
    return True


def python_binds(extra: tuple[str, ...] = ()) -> list[Path]:
    """Folders the sandboxed Python needs, read-only: interpreter, venv, package."""
    package_parent = Path(crossing_borders.__file__).resolve().parent.parent
    wanted = [Path(sys.base_prefix), Path(sys.prefix), package_parent]
    wanted += [Path(p) for p in extra]
    binds: list[Path] = []
    for p in wanted:
        p = p.resolve()
        if _is_within(p, Path("/usr")) or not p.exists():
            continue
        if any(_is_within(p, b) for b in binds):
            continue
        binds = [b for b in binds if not _is_within(b, p)] + [p]
    return binds


def exposure_problems(binds: list[Path], protected: list[Path]) -> list[str]:
    """Binds that would show a protected folder (course root, exchange) inside."""
    problems = []
    for b in binds:
        for p in protected:
            p = p.resolve()
            if p == b or _is_within(p, b):
                problems.append(f"{b} would expose {p} inside the sandbox")
    return problems


def _parents(path: Path) -> list[Path]:
    return [p for p in reversed(path.parents) if str(p) != "/"] + [path]


def build_command(cfg: SandboxConfig, slot: int, files_dir: Path | None) -> list[str]:
    """The bwrap + setpriv command line for one sandbox."""
    tmpfs_bytes = str(cfg.limits.tmpfs_mb * 2**20)
    cmd = [
        cfg.bwrap,
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "sandbox",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for name in ("bin", "lib", "lib32", "lib64", "sbin"):
        if os.path.islink(f"/{name}"):
            cmd += ["--symlink", f"usr/{name}", f"/{name}"]
    # /proc, /dev and the scratch /tmp come first: a later tmpfs on /tmp would hide
    # any bind below it, such as a virtual environment in a clone under /tmp.
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    for mount, perms in (("/tmp", "1777"), ("/dev/shm", "1777")):
        cmd += ["--size", tmpfs_bytes, "--perms", perms, "--tmpfs", mount]
    made: set[Path] = set()
    binds = python_binds(cfg.extra_ro_binds)
    mount_points = [*binds, Path(FILES_DIR), Path(WORK_DIR)]
    for target in mount_points:
        for parent in _parents(target)[:-1]:
            if parent not in made and parent not in (Path("/tmp"), Path("/dev")):
                made.add(parent)
                cmd += ["--perms", "0755", "--dir", str(parent)]
    for b in binds:
        cmd += ["--ro-bind", str(b), str(b)]
    if files_dir is not None:
        cmd += ["--ro-bind", str(files_dir), FILES_DIR]
    cmd += ["--size", tmpfs_bytes, "--perms", "0777", "--tmpfs", WORK_DIR]
    cmd += ["--chdir", WORK_DIR, "--clearenv"]
    for key, value in sandbox_env().items():
        cmd += ["--setenv", key, value]
    uid = str(cfg.uid_base + slot)
    cmd += [
        cfg.setpriv,
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--",
    ]
    return cmd


def sandbox_env(home: str = WORK_DIR) -> dict[str, str]:
    return {
        "HOME": home,
        "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime",
        "JUPYTER_PLATFORM_DIRS": "1",
        "IPYTHONDIR": "/tmp/ipython",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "MPLBACKEND": "Agg",
        "MALLOC_ARENA_MAX": "2",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "NBGRADER_EXECUTION": "autograde",
    }


def executor_argv() -> list[str]:
    return [sys.executable, "-I", "-m", "crossing_borders.autograde._executor"]


def check_sandbox(cfg: SandboxConfig, protected: list[Path], invisible: list[Path]) -> None:
    """Raise SandboxUnavailable unless a sandbox can run here (and prove it).

    ``protected``: folders no read-only bind may contain (course root, exchange).
    ``invisible``: paths the smoke test checks are absent inside (gradebook, sources).
    """
    if not cfg.enabled:
        return
    hint = (
        "grading refuses to run student code unsandboxed; fix the cause, or pass "
        "--unsafe-no-sandbox on a machine you are willing to lose"
    )
    if os.geteuid() != 0:
        raise SandboxUnavailable(
            "the sandbox needs root (bubblewrap creates namespaces, setpriv drops to an "
            f"unprivileged uid); run grading as root: {hint}"
        )
    for tool, package in ((cfg.bwrap, "bubblewrap"), (cfg.setpriv, "util-linux")):
        if shutil.which(tool) is None:
            raise SandboxUnavailable(f"{tool!r} not found: apt-get install {package} ({hint})")
    problems = exposure_problems(python_binds(cfg.extra_ro_binds), protected)
    if problems:
        raise SandboxUnavailable("; ".join(problems) + f" ({hint})")
    test = ["/usr/bin/test", "-d", WORK_DIR]
    for path in invisible:
        test += ["-a", "!", "-e", str(path)]
    probe = [*build_command(cfg, 0, None), *test]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=30, env=_host_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxUnavailable(f"bubblewrap smoke test failed: {exc} ({hint})") from exc
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace").strip()[:500]
        err = err or "a course file is visible inside"
        raise SandboxUnavailable(
            f"bubblewrap smoke test failed (exit {done.returncode}): {err} ({hint})"
        )


def _host_env() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}


def _read_capped(stream, limit: int, sink: dict[str, Any], key: str) -> None:
    chunks, total = [], 0
    while True:
        block = stream.read(65536)
        if not block:
            break
        total += len(block)
        if total <= limit:
            chunks.append(block)
        else:
            sink[key + "_overflow"] = True
    sink[key] = b"".join(chunks)


def run_notebook(
    sources: list[str],
    cell_timeout: float,
    files_dir: Path,
    cfg: SandboxConfig,
    slot: int,
    timeout: float,
) -> ExecutionResult:
    """Execute code cells in a fresh sandbox, in order; what came back.

    Never raises for anything the student's code does: a crash, a timeout or a
    garbled result come back as a fatal `ExecutionResult`.
    """
    scratch = None
    if cfg.enabled:
        files, work = FILES_DIR, WORK_DIR
        cmd = [*build_command(cfg, slot, files_dir), *executor_argv()]
        env, cwd = _host_env(), "/"
    else:
        scratch = Path(tempfile.mkdtemp(prefix="cb-unsafe-"))
        files, work = str(files_dir), str(scratch / "work")
        cmd = executor_argv()
        env, cwd = {**os.environ, **sandbox_env(work)}, str(scratch)
        env["TMPDIR"] = str(scratch)
        for key in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
            env[key] = str(scratch / key.lower())
    request = ExecutionRequest(
        sources=sources,
        cell_timeout=cell_timeout,
        deadline_seconds=max(1.0, timeout - 3),
        max_cell_output_bytes=cfg.max_cell_output_bytes,
        limits=cfg.limits.as_request(),
        files_dir=files,
        work_dir=work,
        kernel_name=cfg.kernel_name,
        startup_timeout=cfg.startup_timeout,
        probe_timeout=cfg.probe_timeout,
        kill_kernel_on_exit=not cfg.enabled,
    )
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,
            start_new_session=not cfg.enabled,
        )
    except OSError as exc:
        return ExecutionResult.failed(f"could not start the sandbox: {exc}")
    sink: dict[str, Any] = {}
    readers = [
        threading.Thread(
            target=_read_capped, args=(proc.stdout, cfg.max_result_bytes, sink, "out")
        ),
        threading.Thread(target=_read_capped, args=(proc.stderr, 64 * 1024, sink, "err")),
    ]
    for t in readers:
        t.daemon = True
        t.start()
    try:
        proc.stdin.write(request.to_json())
        proc.stdin.close()
    except OSError:
        pass
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill(proc, group=not cfg.enabled)
        proc.wait()
    for t in readers:
        t.join(timeout=5)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.monotonic() - started
    err = sink.get("err", b"").decode(errors="replace").strip()
    if timed_out:
        return ExecutionResult.failed(f"timed out after {elapsed:.0f} s (limit {timeout:.0f} s)")
    if sink.get("out_overflow"):
        return ExecutionResult.failed(f"the sandbox's result exceeded {cfg.max_result_bytes} bytes")
    if not sink.get("out"):
        tail = err.splitlines()[-1:] if err else []
        return ExecutionResult.failed(
            f"the sandbox gave no result (exit status {proc.returncode})"
            + (f": {tail[0][:300]}" if tail else "")
        )
    result = ExecutionResult.parse(sink["out"], len(sources))
    result.elapsed = elapsed
    return result


def _kill(proc: subprocess.Popen, group: bool) -> None:
    try:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()  # bwrap: its PID namespace dies with it (--die-with-parent)
    except (ProcessLookupError, PermissionError):
        pass
