"""The sandbox refuses loudly when it cannot be set up; outputs are capped in bytes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from crossing_borders.autograde import sandbox
from crossing_borders.autograde.outputs import cap_outputs, output_size, sanitize_output
from crossing_borders.autograde.sandbox import (
    SandboxConfig,
    SandboxUnavailable,
    build_command,
    check_sandbox,
    exposure_problems,
    python_binds,
    run_notebook,
)

ROOT = Path(__file__).resolve().parent.parent
needs_root = pytest.mark.skipif(
    os.geteuid() != 0 and os.environ.get("CI") != "true",
    reason="the sandbox needs root (under CI this never skips)",
)


def stream(name, text):
    return {"output_type": "stream", "name": name, "text": text}


def test_one_huge_line_is_capped_in_bytes():
    outs, dropped = cap_outputs([stream("stdout", "x" * 10_000_000)], 1000)
    assert output_size(outs) < 1300 and dropped > 9_990_000
    assert "output truncated" in outs[0]["text"]


def test_many_short_lines_are_capped_in_bytes():
    outs, _ = cap_outputs([stream("stdout", f"{i}\n") for i in range(200_000)], 5000)
    assert len(outs) == 1 and output_size(outs) < 5500


def test_capping_never_hides_a_failure():
    """stderr and error outputs past the budget are kept (shortened): the test still fails."""
    flood = stream("stdout", "y" * 50_000)
    err = {
        "output_type": "error",
        "ename": "AssertionError",
        "evalue": "z" * 50_000,
        "traceback": ["line"] * 10_000,
    }
    outs, _ = cap_outputs([flood, stream("stderr", "w" * 50_000), err], 1000)
    kinds = [(o["output_type"], o.get("name")) for o in outs]
    assert ("stream", "stderr") in kinds and ("error", None) in kinds
    assert output_size(outs) < 15_000


def test_small_partial_credit_survives_capping():
    result = {
        "output_type": "execute_result",
        "execution_count": 1,
        "data": {"text/plain": "0.5", "text/html": "h" * 10_000},
        "metadata": {},
    }
    outs, _ = cap_outputs([stream("stdout", "q" * 5000), result], 1000)
    assert outs[-1]["data"]["text/plain"] == "0.5"


@pytest.mark.parametrize(
    "bad",
    [
        None,
        {"output_type": "stream", "name": "fd3", "text": "x"},
        {"output_type": "error", "ename": 1, "evalue": "", "traceback": []},
        {"output_type": "display_data", "data": {"text/plain": 5}, "metadata": {}},
        {"output_type": "update_display_data", "data": {}, "metadata": {}},
        {"output_type": "execute_result", "data": "nope", "metadata": {}},
    ],
)
def test_malformed_outputs_are_rejected(bad):
    assert sanitize_output(bad) is None


def test_sanitize_keeps_only_known_fields():
    out = sanitize_output({"output_type": "stream", "name": "stdout", "text": ["a", "b"], "x": 1})
    assert out == {"output_type": "stream", "name": "stdout", "text": "ab"}


def test_binds_never_expose_the_course():
    binds = python_binds()
    assert exposure_problems(binds, [ROOT]) == []
    assert exposure_problems([Path("/")], [ROOT]) == [f"/ would expose {ROOT} inside the sandbox"]
    cmd = build_command(SandboxConfig(), 0, None)
    mounted = {cmd[i + 1] for i, arg in enumerate(cmd) if arg in ("--ro-bind", "--bind")}
    assert str(ROOT) not in mounted and "/" not in mounted
    assert "--bind" not in cmd  # nothing of the host is writable inside
    assert "--unshare-net" in cmd and "--unshare-pid" in cmd and "--die-with-parent" in cmd
    assert "--no-new-privs" in cmd and "--clear-groups" in cmd


def test_refuses_without_bwrap():
    with pytest.raises(SandboxUnavailable, match="apt-get install bubblewrap"):
        check_sandbox(SandboxConfig(bwrap="/nonexistent/bwrap"), [ROOT], [])


def test_refuses_without_root(monkeypatch):
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    with pytest.raises(SandboxUnavailable, match="needs root"):
        check_sandbox(SandboxConfig(), [ROOT], [])


def test_refuses_when_a_bind_would_expose_the_course():
    with pytest.raises(SandboxUnavailable, match="would expose"):
        check_sandbox(SandboxConfig(extra_ro_binds=(str(ROOT.parent),)), [ROOT], [])


def test_opt_out_skips_the_checks():
    check_sandbox(SandboxConfig(enabled=False, bwrap="/nonexistent/bwrap"), [ROOT], [])


@needs_root
def test_sandbox_sees_nothing_of_the_course_and_has_limits(tmp_path):
    assert shutil.which("bwrap"), "install Debian's bubblewrap: apt-get install bubblewrap"
    files = tmp_path / "files"
    files.mkdir()
    (files / "data.txt").write_text("hello")
    os.chmod(tmp_path, 0o755)
    code = """
import os, resource, socket
print(open("data.txt").read(), os.getuid(), os.getgid(), os.getgroups())
print(os.path.exists(PYPROJECT), os.path.exists(FILES))
print(resource.getrlimit(resource.RLIMIT_NPROC), resource.getrlimit(resource.RLIMIT_FSIZE))
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    print("network: yes")
except OSError:
    print("network: no")
""".replace("PYPROJECT", repr(str(ROOT / "pyproject.toml"))).replace(
        "FILES", repr(str(tmp_path / "files"))
    )
    cfg = SandboxConfig()
    check_sandbox(cfg, [ROOT], [ROOT / "pyproject.toml"])
    result = run_notebook([code], 20, files, cfg, 3, 60)
    assert result.fatal is None, result.fatal
    text = result.cells[0].outputs[0]["text"].splitlines()
    uid = cfg.uid_base + 3
    assert text[0] == f"hello {uid} {uid} []"
    assert text[1] == "False False"
    assert text[2] == f"({cfg.limits.nproc}, {cfg.limits.nproc}) ({64 * 2**20}, {64 * 2**20})"
    assert text[3] == "network: no"


def test_nbgraders_line_limit_never_drops_stderr_after_the_merge():
    """nbgrader's LimitOutput drops streams past max_lines; stderr must survive it."""
    from nbformat import v4
    from nbgrader.preprocessors import LimitOutput

    from crossing_borders.autograde.execute import keep_stderr

    outputs = [stream("stdout", "a\n" * 5000), stream("stderr", "warning\n")]
    cell = v4.new_code_cell("x")
    cell.outputs = [v4.new_output(**o) for o in keep_stderr(outputs, LimitOutput().max_lines)]
    nb, _ = LimitOutput().preprocess(v4.new_notebook(cells=[cell]), {})
    names = [o.name for o in nb.cells[0].outputs]
    assert names == ["stdout", "stderr"]
    assert nb.cells[0].outputs[1].text == "warning\n"
    unguarded = v4.new_code_cell("x")
    unguarded.outputs = [v4.new_output(**o) for o in outputs]
    nb, _ = LimitOutput().preprocess(v4.new_notebook(cells=[unguarded]), {})
    assert [o.name for o in nb.cells[0].outputs] == ["stdout"]  # what the guard prevents


def test_scratch_tmp_is_mounted_before_binds_so_a_venv_under_tmp_stays_visible():
    """A clone (and its .venv) under /tmp must not be hidden by the sandbox's own /tmp."""
    cfg = SandboxConfig(extra_ro_binds=("/tmp/some-clone/.venv",))
    Path("/tmp/some-clone/.venv").mkdir(parents=True, exist_ok=True)
    cmd = build_command(cfg, 0, None)
    tmpfs_at = cmd.index("/tmp", cmd.index("--tmpfs"))
    bind_at = cmd.index("/tmp/some-clone/.venv")
    assert tmpfs_at < bind_at
