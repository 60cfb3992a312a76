"""Run ids and model sizes, computed exactly as the server does.

The id of a run is derived from its study and name with the same name-based UUID the server uses when a
registration carries no id (``DeterministicGuid.ForRun`` in Tracker.Domain). A job that restarts with the same
study and name therefore keeps logging into the same run, and the spool of an earlier attempt is found again.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from typing import Optional, Union

# Same rule as Tracker.Domain's ModelSize: a size token stands alone ("7B" in "Qwen2.5-7B", never "2.5").
_SIZE_TOKEN = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)([bmk])(?![a-z0-9])", re.IGNORECASE)
_SCALE = {"b": 1e9, "m": 1e6, "k": 1e3}


def run_id_for(study: str, name: str) -> str:
    """The server's id for a run registered without one: RFC 9562 version-5 layout over SHA-1 of
    ``"run" U+001F study "\\n" name`` (study and name trimmed, as the server trims them)."""
    text = "run\u001f" + study.strip() + "\n" + name.strip()
    raw = bytearray(hashlib.sha1(text.encode("utf-8")).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(raw)))


def parse_model_size(value: Union[None, int, float, str]) -> Optional[float]:
    """N as a number of parameters from ``7e9``, ``"7B"``, ``"0.5b"``, ``"70M"`` or ``"Qwen2.5-7B-Instruct"``.

    Returns None for None. Raises ValueError for what cannot be a size, because a wrong N silently skews every
    fit of the study; it is better to fail at ``init`` than to register a run with a made-up size.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"model_size must be a number of parameters or a size such as '7B', got {value!r}")
    if isinstance(value, (int, float)):
        n = float(value)
    else:
        text = str(value).strip()
        try:
            n = float(text)
        except ValueError:
            match = _SIZE_TOKEN.search(text)
            if not match:
                raise ValueError(f"model_size {value!r} is not a number of parameters nor a size such as '7B'") from None
            n = float(match.group(1)) * _SCALE[match.group(2).lower()]
    if not (math.isfinite(n) and n > 0):
        raise ValueError(f"model_size must be a positive finite number of parameters, got {value!r}")
    return n


def canonical_run_id(value: str) -> str:
    """A user-given run id in the canonical lowercase UUID form the server answers with."""
    try:
        return str(uuid.UUID(str(value).strip()))
    except ValueError:
        raise ValueError(f"run_id must be a UUID, got {value!r}") from None
