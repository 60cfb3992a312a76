"""``python -m tracker sync``: deliver what jobs left in the spool (a job that ran offline, or ended while the
server was away and never ran again). ``python -m tracker spool`` lists what is waiting.

    python -m tracker sync [--url URL] [--spool-dir DIR] [--timeout S] [RUN_ID ...]
    python -m tracker spool [--spool-dir DIR]

Exit status 0 when every spool was emptied, 1 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import List, Optional

from .identity import canonical_run_id
from .sender import Sender
from .settings import Options, resolve_token, resolve_url
from .spool import REJECTED, Spool, default_root
from .transport import Transport


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker", description="Deliver or list spooled Tracker records.")
    sub = parser.add_subparsers(dest="command", required=True)
    sync = sub.add_parser("sync", help="deliver spooled records, oldest first")
    sync.add_argument("runs", nargs="*", help="run ids (default: every run in the spool)")
    sync.add_argument("--url", help="server URL (default: TRACKER_URL or http://127.0.0.1:5080)")
    sync.add_argument("--timeout", type=float, default=60.0, help="seconds to wait per run (default 60)")
    listing = sub.add_parser("spool", help="list spooled runs and their sizes")
    for p in (sync, listing):
        p.add_argument("--spool-dir", help="spool root (default: TRACKER_SPOOL_DIR or ~/.cache/tracker/spool)")
    args = parser.parse_args(argv)

    root = os.path.expanduser(args.spool_dir) if args.spool_dir else default_root()
    runs = _runs(root) if args.command == "spool" or not args.runs else [canonical_run_id(r) for r in args.runs]
    if args.command == "spool":
        for run_id in runs:
            spool = Spool(os.path.join(root, run_id))
            rejected = os.path.exists(os.path.join(spool.directory, REJECTED))
            print(f"{run_id}  {len(spool.segments())} segments  {spool.size} bytes{'  (has rejected.jsonl)' if rejected else ''}")
        return 0

    options = Options()
    transport = Transport(resolve_url(args.url), resolve_token(None), options.timeout)
    left = 0
    for run_id in runs:
        spool = Spool(os.path.join(root, run_id), options.spool_max_bytes)
        if not spool.segments():
            continue
        sender = Sender(run_id, transport, spool, options)
        if sender.close(args.timeout):
            print(f"{run_id}: delivered")
        else:
            left += 1
            print(f"{run_id}: not delivered ({sender.halted or sender.snapshot()['last_error']}); still in {spool.directory}")
    return 1 if left else 0


def _runs(root: str) -> List[str]:
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    found = []
    for name in names:
        try:
            found.append(canonical_run_id(name))
        except ValueError:
            continue
    return found


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(main())
