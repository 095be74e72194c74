"""Cell outputs: validate what came back from a sandbox, cap it in bytes, keep grading intact.

Used on both sides of the sandbox: the executor inside it caps outputs as they
arrive (so a flood never fills its memory or its result), and the trusted side
re-validates and re-caps whatever came back (so a tampered executor cannot
smuggle anything larger or stranger into the gradebook or the feedback).

Capping never changes a grade. nbgrader scores a test cell 0 when its outputs
hold an ``error`` or a ``stderr`` stream, and takes partial credit from an
``execute_result``; so past the budget one output of each such kind is kept,
shortened, and only the excess is dropped. The only dependency is the standard
library: the executor imports this module inside the sandbox.
"""

from __future__ import annotations

from typing import Any

TRUNCATION_NOTE = (
    "\n... [output truncated: {dropped} bytes over the limit of {limit} bytes per cell]\n"
)
MAX_KEPT_TEXT = 2_000  # characters kept of one output once the budget is spent
MAX_TRACEBACK_LINES = 40
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error")


def output_size(value: Any) -> int:
    """Cheap size estimate (characters of every string, recursively)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(len(str(k)) + output_size(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(output_size(v) for v in value)
    return 8


def _short(text: str, limit: int = MAX_KEPT_TEXT) -> str:
    return text if len(text) <= limit else text[:limit] + " ..."


def _shrink(out: dict[str, Any], room: int, limit: int, dropped: int) -> dict[str, Any]:
    """A shortened copy of one output that keeps its grading meaning."""
    kind = out.get("output_type")
    if kind == "stream":
        text = out.get("text", "")
        keep = max(0, min(room, len(text)))
        note = TRUNCATION_NOTE.format(dropped=max(dropped, len(text) - keep), limit=limit)
        return {"output_type": "stream", "name": out.get("name"), "text": text[:keep] + note}
    if kind == "error":
        tb = [_short(line) for line in out.get("traceback", [])]
        if len(tb) > MAX_TRACEBACK_LINES:
            half = MAX_TRACEBACK_LINES // 2
            tb = [*tb[:half], "... [traceback truncated] ...", *tb[-half:]]
        return {
            "output_type": "error",
            "ename": _short(out.get("ename", "")),
            "evalue": _short(out.get("evalue", "")),
            "traceback": tb,
        }
    plain = out.get("data", {}).get("text/plain", "")
    if isinstance(plain, list):
        plain = "".join(plain)
    new = {
        "output_type": kind,
        "data": {"text/plain": _short(plain) + " [rich output dropped: over the size limit]"},
        "metadata": {},
    }
    if kind == "execute_result":
        new["execution_count"] = out.get("execution_count")
        # keep the exact text when it is short: it may carry partial credit
        new["data"]["text/plain"] = plain if len(plain) <= 100 else new["data"]["text/plain"]
    return new


def cap_outputs(outputs: list[dict[str, Any]], max_bytes: int) -> tuple[list[dict[str, Any]], int]:
    """Return (outputs within about ``max_bytes``, number of bytes dropped).

    Streams of the same name are merged first (as nbclient's coalescing does).
    Once the budget is spent, at most one output per grading-relevant kind is
    kept (stdout, stderr, error, execute_result), each shortened.
    """
    merged: list[dict[str, Any]] = []
    parts: list[str] = []  # texts of the stream being merged (joined once: no quadratic +=)
    for out in outputs:
        last = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == out.get("name")
        ):
            parts.append(out.get("text", ""))
            continue
        if parts:
            last["text"] = "".join(parts)
        merged.append(dict(out))
        parts = [out.get("text", "")] if out.get("output_type") == "stream" else []
    if parts:
        merged[-1]["text"] = "".join(parts)
    total = sum(output_size(o) for o in merged)
    if total <= max_bytes:
        return merged, 0
    kept: list[dict[str, Any]] = []
    used = 0
    seen_kinds: set[tuple[Any, Any]] = set()
    dropped = 0
    for out in merged:
        size = output_size(out)
        kind = (out.get("output_type"), out.get("name"))
        if used + size <= max_bytes and kind not in seen_kinds:
            kept.append(out)
            used += size
            continue
        if kind in seen_kinds:  # this kind was already cut: one shortened copy is enough
            dropped += size
            continue
        room = max(0, max_bytes - used)
        short = _shrink(out, room, max_bytes, size - room)
        kept.append(short)
        used += output_size(short)
        dropped += max(0, size - output_size(short))
        seen_kinds.add(kind)
    return kept, dropped


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _clean_mimebundle(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, dict):
        return None
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or "/" not in key:
            return None
        rich_json = key.endswith("json") and isinstance(value, (dict, list))
        if not (isinstance(value, str) or _is_str_list(value) or rich_json):
            return None
        clean[key] = value
    return clean


def sanitize_output(out: Any) -> dict[str, Any] | None:
    """A well-formed nbformat v4 output built only from known fields, or None."""
    if not isinstance(out, dict):
        return None
    kind = out.get("output_type")
    if kind == "stream":
        text = out.get("text")
        if _is_str_list(text):
            text = "".join(text)
        if out.get("name") not in ("stdout", "stderr") or not isinstance(text, str):
            return None
        return {"output_type": "stream", "name": out["name"], "text": text}
    if kind == "error":
        ename, evalue, tb = out.get("ename"), out.get("evalue"), out.get("traceback")
        if not (isinstance(ename, str) and isinstance(evalue, str) and _is_str_list(tb)):
            return None
        return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": tb}
    if kind in ("display_data", "execute_result"):
        data = _clean_mimebundle(out.get("data"))
        metadata = out.get("metadata", {})
        if data is None or not isinstance(metadata, dict):
            return None
        new: dict[str, Any] = {"output_type": kind, "data": data, "metadata": {}}
        if kind == "execute_result":
            count = out.get("execution_count")
            new["execution_count"] = count if isinstance(count, int) else None
        return new
    return None


def error_output(ename: str, evalue: str) -> dict[str, Any]:
    return {
        "output_type": "error",
        "ename": ename,
        "evalue": evalue,
        "traceback": [f"{ename}: {evalue}"],
    }
