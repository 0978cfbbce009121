"""The `nns repl --protocol jsonl` child process: finding the binary, requests out, replies in.

One JSON request a line goes to the child's stdin; a thread reads its stdout, one JSON reply a line,
into a queue, so the kernel's main thread waits on the queue, where Ctrl-C / an interrupt
(KeyboardInterrupt) can reach it at any moment without losing a half-read line.
"""

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path

BINARY_ENV = "NNS_BINARY"
# Written into the kernel spec by `python -m nns_kernel.install`: the binary found at install time.
INSTALLED_ENV = "NNS_KERNEL_INSTALLED_BINARY"


class NNSNotFound(RuntimeError):
    """No `nns` binary could be found."""


def find_binary(start=None):
    """`$NNS_BINARY`, else `nns` on PATH, else the binary the installer saw, else a repository's
    `.build/release/nns` or `.build/debug/nns` above `start` (the working directory by default) or
    above this package."""
    explicit = os.environ.get(BINARY_ENV)
    if explicit:
        if not os.access(explicit, os.X_OK):
            raise NNSNotFound(f"{BINARY_ENV}={explicit} is not an executable file")
        return explicit
    on_path = shutil.which("nns")
    if on_path:
        return on_path
    installed = os.environ.get(INSTALLED_ENV)
    if installed and os.access(installed, os.X_OK):
        return installed
    # The notebook's own checkout first, then the one this package sits in (a venv inside the repository).
    for base in _ancestors(Path(start or os.getcwd()).resolve()) + _ancestors(Path(__file__).resolve().parent):
        for build in ("release", "debug"):
            candidate = base / ".build" / build / "nns"
            if os.access(candidate, os.X_OK):
                return str(candidate)
    raise NNSNotFound(
        "cannot find the nns binary: set NNS_BINARY, put nns on PATH, or build it in the repository "
        "(make release)"
    )


def _ancestors(path):
    return [path, *path.parents]


class NNSProcess:
    """One `nns repl --protocol jsonl` session."""

    def __init__(self, binary, cwd=None, ready_timeout=30):
        self.binary = binary
        self.proc = subprocess.Popen(
            [binary, "repl", "--protocol", "jsonl"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cwd,
        )
        self.replies = queue.Queue()
        self.counter = 0
        threading.Thread(target=self._read, name="nns-replies", daemon=True).start()
        ready = self.replies.get(timeout=ready_timeout)
        if not ready or ready.get("type") != "ready":
            raise RuntimeError(f"{binary} did not start its protocol: {ready!r}")
        self.version = ready.get("nns", "")
        self.protocol_version = ready.get("protocol_version")

    def _read(self):
        for raw in self.proc.stdout:
            try:
                self.replies.put(json.loads(raw))
            except ValueError:
                self.replies.put({"type": "stream", "id": None, "name": "stderr", "text": raw.decode(errors="replace")})
        self.replies.put(None)  # the process ended

    @property
    def alive(self):
        return self.proc.poll() is None

    def send(self, request_type, **fields):
        """Sends one request; returns its id."""
        self.counter += 1
        request_id = str(self.counter)
        line = json.dumps({"type": request_type, "id": request_id, **fields}) + "\n"
        self.proc.stdin.write(line.encode())
        self.proc.stdin.flush()
        return request_id

    def replies_to(self, request_id, on_interrupt=None):
        """Yields the replies to one request, its closing status last. A KeyboardInterrupt while waiting
        calls `on_interrupt` (which asks the child to stop training) and the wait goes on: the child
        still answers. Raises EOFError when the child ends first."""
        while True:
            try:
                reply = self.replies.get(timeout=0.2)
            except queue.Empty:
                continue
            except KeyboardInterrupt:
                if on_interrupt:
                    on_interrupt()
                continue
            if reply is None:
                self.replies.put(None)
                raise EOFError(f"nns ended (exit code {self.proc.wait()})")
            if reply.get("id") != request_id:
                continue  # the answer to an interrupt request
            yield reply
            if reply.get("type") == "status":
                return

    def request(self, request_type, **fields):
        """Sends a request and returns all its replies (for complete and inspect)."""
        return list(self.replies_to(self.send(request_type, **fields)))

    def interrupt(self):
        """Stops a running `train` after its current epoch (the child also takes SIGINT; this request
        works where no signal reaches it)."""
        try:
            self.send("interrupt")
        except OSError:
            pass

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
