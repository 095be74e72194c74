"""The run lock: a second concurrent grading run is refused with a clear message."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from crossing_borders.autograde.lock import GradeLocked, RunLock


class Stop:
    """Tells the holder to let go (a pipe: safe even after the holder was killed)."""

    def __init__(self, conn, proc):
        self.conn, self.proc = conn, proc

    def set(self):
        if self.proc.is_alive():
            self.conn.send("stop")
        self.proc.join(10)


def hold(path, conn):
    with RunLock(path):
        conn.send("ready")
        conn.poll(30)


@pytest.fixture
def holder(tmp_path):
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=hold, args=(tmp_path / "grade.lock", child))
    proc.start()
    assert parent.poll(10) and parent.recv() == "ready"
    stop = Stop(parent, proc)
    yield proc, stop
    stop.set()


def test_second_run_is_refused_with_the_holder_named(tmp_path, holder):
    proc, _ = holder
    with pytest.raises(GradeLocked) as err:
        RunLock(tmp_path / "grade.lock").acquire()
    message = str(err.value)
    assert "another grading run is in progress" in message
    assert f"pid {proc.pid}" in message
    assert "overwrite each other's results" in message


def test_lock_is_free_again_after_release(tmp_path, holder):
    _, stop = holder
    stop.set()
    holder[0].join(10)
    with RunLock(tmp_path / "grade.lock") as lock:
        assert lock.fd is not None


def test_lock_of_a_killed_run_is_not_stale(tmp_path, holder):
    proc, _ = holder
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    with RunLock(tmp_path / "grade.lock"):
        pass


def test_same_process_cannot_take_it_twice(tmp_path):
    with RunLock(tmp_path / "grade.lock"), pytest.raises(GradeLocked):
        RunLock(tmp_path / "grade.lock").acquire()
