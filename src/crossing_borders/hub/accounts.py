"""Unix accounts and groups for a hub trial, made with the system's own tools.

The hub's users are real Unix users (each server runs as its user), so a trial
creates them with useradd, sets their passwords with chpasswd (PAM checks them at
login) and removes them, with their homes, with userdel. Homes are private (0700):
a student's unsubmitted work is theirs alone.
"""

from __future__ import annotations

import grp
import pwd
import subprocess
from dataclasses import dataclass


class AccountError(RuntimeError):
    """An account or group the trial cannot make or remove; the message says which."""


@dataclass(frozen=True)
class Account:
    name: str
    password: str
    group: str


def _run(*argv: str, stdin: str | None = None) -> None:
    proc = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AccountError(f"{' '.join(argv[:2])}: {proc.stderr.strip() or proc.returncode}")


def exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def ensure_group(name: str) -> bool:
    """Create the group if missing; True when this call created it."""
    if group_exists(name):
        return False
    _run("groupadd", name)
    return True


def create(account: Account) -> None:
    if exists(account.name):
        raise AccountError(f"a user {account.name!r} already exists; the trial makes its own")
    _run(
        "useradd", "--create-home", "--groups", account.group, "--shell", "/bin/bash", account.name
    )
    home = pwd.getpwnam(account.name).pw_dir
    _run("chmod", "0700", home)
    _run("chpasswd", stdin=f"{account.name}:{account.password}\n")


def remove(name: str) -> None:
    """Stop what the user still runs, then remove the account and its home."""
    if not exists(name):
        return
    subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
    _run("userdel", "--remove", name)


def remove_group(name: str) -> None:
    if group_exists(name):
        _run("groupdel", name)
