"""The NNS Jupyter kernel: ipykernel's wrapper-kernel base class around one `nns` protocol session.

Replies of the child map to Jupyter messages: `stream` → stream, `display` (a table as text/plain and
text/html, a figure as image/svg+xml) → display_data, `diagnostic` → an `error` output (errors) or
stderr text (warnings and notes), `complete` → complete_reply, `inspect` → inspect_reply. An interrupt
(the kernel's SIGINT reaches the child through the process group, and the kernel asks it again by
message) stops a running `train` after its epoch; the cell then ends as an error, as interrupted
cells do, and the session goes on.
"""

import os
import traceback

from ipykernel.kernelbase import Kernel

from . import __version__
from .child import NNSNotFound, NNSProcess, find_binary


class NNSKernel(Kernel):
    implementation = "nns_kernel"
    implementation_version = __version__
    language = "nns"
    language_info = {
        "name": "nns",
        "version": "",
        "mimetype": "text/x-nns",
        "file_extension": ".nns",
        "pygments_lexer": "nns",
        # JupyterLab has no NNS mode; Python's colours NNS comments, strings and numbers rightly. The
        # Pygments lexer (entry point "nns") highlights exports, nbconvert and Jupyter Book pages.
        "codemirror_mode": "python",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.child = None
        self.start_problem = None
        self._start()

    @property
    def banner(self):
        version = self.child.version if self.child else "(not running)"
        return f"NNS {version} — a language for experiments in the theory of deep learning (:help for help)"

    def _start(self):
        """Starts the session, or remembers why it could not start (shown on the next execute)."""
        try:
            self.child = NNSProcess(find_binary(), cwd=os.getcwd())
            self.language_info = {**self.language_info, "version": self.child.version}
            self.start_problem = None
        except (NNSNotFound, OSError, RuntimeError) as problem:
            self.child = None
            self.start_problem = str(problem)

    def _session(self):
        """The running session; a new one if the last one ended."""
        if self.child is None or not self.child.alive:
            self._start()
        return self.child

    # MARK: - execute

    async def do_execute(
        self,
        code,
        silent,
        store_history=True,
        user_expressions=None,
        allow_stdin=False,
        *,
        cell_meta=None,
        cell_id=None,
    ):
        # Synchronous on purpose: the main thread waits inside `NNSProcess.replies_to`, where an
        # interrupt's KeyboardInterrupt is caught and turned into a request to stop training.
        return self._execute(code, silent)

    def _execute(self, code, silent):
        child = self._session()
        if child is None:
            return self._fail("NNSNotStarted", self.start_problem, [self.start_problem], silent)
        name = f"<cell:{self.execution_count}>"
        errors = []
        status = "error"
        try:
            for reply in child.replies_to(child.send("execute", code=code, name=name), on_interrupt=child.interrupt):
                kind = reply.get("type")
                if kind == "status":
                    status = reply.get("status")
                elif silent:
                    continue
                elif kind == "stream":
                    self.send_response(self.iopub_socket, "stream", {"name": reply["name"], "text": reply["text"]})
                elif kind == "display":
                    self.send_response(
                        self.iopub_socket, "display_data", {"data": reply["data"], "metadata": self._metadata(reply)}
                    )
                elif kind == "diagnostic":
                    if reply.get("severity") == "error":
                        errors.append(reply)
                    else:
                        self.send_response(self.iopub_socket, "stream", {"name": "stderr", "text": reply["rendered"]})
        except EOFError as ended:
            message = f"{ended}; the next cell starts a new session"
            return self._fail("NNSEnded", message, [message], silent)
        if status == "ok":
            return self._ok()
        if status == "interrupted" and not errors:
            message = "training stopped after its current epoch; the session keeps the net as it was then"
            return self._fail("KeyboardInterrupt", message, [message], silent)
        first = errors[0]["message"] if errors else "the cell failed"
        return self._fail("NNSError", first, [e["rendered"].rstrip("\n") for e in errors], silent)

    @staticmethod
    def _metadata(reply):
        if reply.get("kind") == "figure":
            return {"image/svg+xml": {"isolated": False}, "nns": {"path": reply.get("path", "")}}
        return {}

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _fail(self, ename, evalue, lines, silent):
        content = {"ename": ename, "evalue": evalue, "traceback": lines}
        if not silent:
            self.send_response(self.iopub_socket, "error", content)
        return {"status": "error", "execution_count": self.execution_count, **content}

    # MARK: - complete and inspect

    async def do_complete(self, code, cursor_pos):
        replies = self._ask("complete", code=code, cursor=cursor_pos)
        found = next((r for r in replies if r.get("type") == "complete"), None)
        if found is None:
            return {"status": "ok", "matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos, "metadata": {}}
        return {
            "status": "ok",
            "matches": found["matches"],
            "cursor_start": found["cursor_start"],
            "cursor_end": found["cursor_end"],
            "metadata": {},
        }

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        replies = self._ask("inspect", code=code, cursor=cursor_pos)
        found = next((r for r in replies if r.get("type") == "inspect"), None)
        if not found or not found["found"]:
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}
        return {"status": "ok", "found": True, "data": {"text/plain": found["text"]}, "metadata": {}}

    def _ask(self, request_type, **fields):
        child = self._session()
        if child is None:
            return []
        try:
            return child.request(request_type, **fields)
        except EOFError:
            return []

    async def do_is_complete(self, code):
        # The console asks before running a line; braces and brackets left open continue it.
        depth = 0
        for c in code:
            depth += c in "{(["
            depth -= c in "})]"
        return {"status": "incomplete", "indent": "  "} if depth > 0 else {"status": "complete"}

    async def do_shutdown(self, restart):
        if self.child is not None:
            try:
                self.child.close()
            except Exception:  # the process may be gone already
                self.log.debug("closing nns: %s", traceback.format_exc())
            self.child = None
        return {"status": "ok", "restart": restart}
