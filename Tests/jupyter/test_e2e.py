"""End-to-end test of the NNS Jupyter kernel, as a user meets it: the kernel spec installed into a
temporary Jupyter data dir, the example notebook executed by nbclient, a bad cell, completion, help,
an interrupt during `train`, and the Pygments lexer. Run by Tests/jupyter/e2e.sh (from `make test`)
in a venv that has the package installed; NNS_BINARY names the nns binary under test.

Prints one line per test and closes with `jupyter e2e: N passed, M failed`; exits 1 on any failure.
"""

import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "notebooks" / "two_spirals_fisher.ipynb"
SCRATCH = Path(tempfile.mkdtemp(prefix="nns-jupyter-e2e-"))
TIMEOUT = 60  # seconds for any one cell or reply; the notebook runs in seconds

TESTS = []


def test(function):
    TESTS.append(function)
    return function


def install_kernel():
    """`python -m nns_kernel.install --prefix TMP`, and Jupyter pointed at TMP only."""
    prefix = SCRATCH / "prefix"
    subprocess.run([sys.executable, "-m", "nns_kernel.install", "--prefix", str(prefix)], check=True)
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    for name in ("DATA", "RUNTIME", "CONFIG"):
        os.environ[f"JUPYTER_{name}_DIR"] = str(SCRATCH / name.lower())


def outputs_of(nb):
    return [output for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


def run_notebook(nb, directory, **options):
    directory.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        nb,
        kernel_name="nns",
        timeout=TIMEOUT,
        startup_timeout=TIMEOUT,
        resources={"metadata": {"path": str(directory)}},
        **options,
    )
    client.execute()
    return nb


# MARK: - tests


@test
def kernel_spec_is_installed_where_jupyter_looks():
    spec = KernelSpecManager().get_kernel_spec("nns")
    assert spec.display_name == "NNS", spec.display_name
    assert spec.language == "nns", spec.language
    assert spec.interrupt_mode == "signal", spec.interrupt_mode
    assert Path(spec.resource_dir).is_relative_to(SCRATCH), spec.resource_dir


@test
def example_notebook_runs_with_its_tables_and_figures_inline():
    source = nbformat.read(NOTEBOOK, as_version=4)
    code_cells = [c for c in source.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code_cells), (
        "the example notebook must be committed with its outputs cleared"
    )
    directory = SCRATCH / "notebook"
    outputs = outputs_of(run_notebook(source, directory))
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors
    tables = [o.data for o in outputs if o.output_type == "display_data" and "text/html" in o.data]
    assert any("<table" in t["text/html"] and "loss(spiral_net, spirals)" in t["text/plain"] for t in tables), tables
    fisher = [t for t in tables if t["text/plain"].startswith("fisher")]
    assert fisher and "second_moment" in fisher[0]["text/plain"] and "<td" in fisher[0]["text/html"], tables
    assert any("theory" in t["text/plain"] and "±" in t["text/plain"] for t in tables), "no sweep table"
    displays = [o.data for o in outputs if o.output_type == "display_data"]
    figures = [data["image/svg+xml"] for data in displays if "image/svg+xml" in data]
    assert len(figures) == 3, f"{len(figures)} figures"
    assert all(f.startswith("<?xml") and "<svg " in f and f.rstrip().endswith("</svg>") for f in figures)
    for name in ("loss.svg", "regions.svg", "fisher.svg"):
        assert (directory / "out" / name).is_file(), f"out/{name} not written"
    text = "".join(o.text for o in outputs if o.output_type == "stream")
    assert "accuracy(spiral_net, spirals) = 1" in text, text
    assert "fisher(net, data" in text, "the :help cell printed no help"


@test
def bad_cell_reports_a_diagnostic_with_its_caret_and_the_session_goes_on():
    nb = copy.deepcopy(nbformat.read(NOTEBOOK, as_version=4))
    nb.cells.append(nbformat.v4.new_code_cell("net broken {\n  input 2\n  dense 3, rleu\n}", id="bad-cell"))
    nb.cells.append(nbformat.v4.new_code_cell("print accuracy(spiral_net, spirals) >= 0.95", id="after-bad-cell"))
    try:
        run_notebook(copy.deepcopy(nb), SCRATCH / "bad-stops")
        raise AssertionError("a notebook run did not stop at the bad cell")
    except CellExecutionError as stop:
        assert "unknown activation 'rleu'" in str(stop), str(stop)
    outputs = run_notebook(nb, SCRATCH / "bad-continues", allow_errors=True).cells
    bad = [o for o in outputs[-2].outputs if o.output_type == "error"]
    assert len(bad) == 1, outputs[-2].outputs
    assert bad[0].ename == "NNSError" and bad[0].evalue == "unknown activation 'rleu'", bad[0]
    traceback_text = "\n".join(bad[0].traceback)
    count = outputs[-2].execution_count
    assert f"<cell:{count}>:3:12: error: unknown activation 'rleu'" in traceback_text, traceback_text
    assert "    dense 3, rleu\n             ^~~~" in traceback_text, traceback_text
    assert "did you mean 'relu'?" in traceback_text, traceback_text
    after = "".join(o.get("text", "") for o in outputs[-1].outputs)
    assert after == "true\n", outputs[-1].outputs


@test
def completion_and_help_come_from_the_registry_and_the_session():
    manager, client = start_new_kernel(kernel_name="nns", startup_timeout=TIMEOUT)
    try:
        info = client.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        assert info["language_info"]["name"] == "nns" and info["language_info"]["file_extension"] == ".nns", info
        reply = client.complete("print acc", 9, reply=True, timeout=TIMEOUT)["content"]
        assert reply["matches"] == ["accuracy"] and reply["cursor_start"] == 6 and reply["cursor_end"] == 9, reply
        code = "net q {\n  input 2\n  dense 3, ta"
        reply = client.complete(code, len(code), reply=True, timeout=TIMEOUT)["content"]
        assert reply["matches"] == ["tanh"] and reply["cursor_start"] == len(code) - 2, reply
        assert client.execute_interactive("data spirals = two_spirals()", timeout=TIMEOUT)["content"]["status"] == "ok"
        reply = client.complete("train x on spi", 14, reply=True, timeout=TIMEOUT)["content"]
        assert "spirals" in reply["matches"], reply
        reply = client.inspect("print fisher(a, b)", 9, reply=True, timeout=TIMEOUT)["content"]
        assert reply["found"] and "Fisher information" in reply["data"]["text/plain"], reply
        reply = client.inspect("spirals", 2, reply=True, timeout=TIMEOUT)["content"]
        assert reply["found"] and "spirals: data in this session" in reply["data"]["text/plain"], reply
    finally:
        manager.shutdown_kernel(now=True)


@test
def interrupt_stops_train_after_its_epoch_and_the_session_goes_on():
    manager, client = start_new_kernel(kernel_name="nns", startup_timeout=TIMEOUT)
    try:
        setup = "net m { input 2; dense 4, tanh; dense 1, sigmoid }\ndata d = xor()"
        assert client.execute_interactive(setup, timeout=TIMEOUT)["content"]["status"] == "ok"
        streamed = []
        msg_id = client.execute("train m on d { epochs 100000000 }")
        reply = None
        for _ in range(int(TIMEOUT / 0.5)):  # until the train has begun and heard it
            manager.interrupt_kernel()
            try:
                reply = client.get_shell_msg(timeout=0.5)
                break
            except Exception:  # queue.Empty: not stopped yet
                continue
        assert reply and reply["parent_header"]["msg_id"] == msg_id, reply
        content = reply["content"]
        assert content["status"] == "error" and content["ename"] == "KeyboardInterrupt", content
        while True:
            message = client.get_iopub_msg(timeout=TIMEOUT)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "stream":
                streamed.append(message["content"]["text"])
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                break
        assert any("interrupted after epoch" in s for s in streamed), streamed
        outputs = []
        result = client.execute_interactive(
            "print accuracy(m, d) >= 0", timeout=TIMEOUT, output_hook=lambda m: outputs.append(m["content"])
        )
        assert result["content"]["status"] == "ok", result["content"]
        assert any(o.get("text") == "true\n" for o in outputs), outputs
    finally:
        manager.shutdown_kernel(now=True)


@test
def pygments_lexer_highlights_nns_cells():
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
    from pygments.token import Comment, Error, Keyword, Name

    lexer = get_lexer_by_name("nns")
    assert type(get_lexer_for_filename("two_spirals.nns")) is type(lexer)
    source = "net m { input 2; dense 8, tanh }  # a net\ntrain m on d { optimizer sgd(lr: 0.1) }\n"
    tokens = list(lexer.get_tokens(source))
    kinds = {text: kind for kind, text in tokens}
    assert kinds["net"] in Keyword and kinds["input"] in Keyword and kinds["optimizer"] in Keyword, kinds
    assert kinds["sgd"] in Name.Function and kinds["lr"] in Name.Label and kinds["# a net"] in Comment, kinds
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type == "code":
            assert not [t for t in lexer.get_tokens(cell.source) if t[0] in Error], cell.source
    for script in sorted((ROOT / "examples").glob("*.nns")):
        assert not [t for t in lexer.get_tokens(script.read_text()) if t[0] in Error], script


@test
def binary_is_found_in_the_documented_order():
    from nns_kernel.child import INSTALLED_ENV, NNSNotFound, find_binary

    saved = {k: os.environ.get(k) for k in ("NNS_BINARY", "PATH", INSTALLED_ENV)}
    fake = SCRATCH / "bin" / "nns"
    fake.parent.mkdir(parents=True, exist_ok=True)
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    repo = SCRATCH / "repo"
    (repo / ".build" / "debug").mkdir(parents=True, exist_ok=True)
    built = repo / ".build" / "debug" / "nns"
    built.write_text("#!/bin/sh\n")
    built.chmod(0o755)
    try:
        os.environ["NNS_BINARY"] = saved["NNS_BINARY"]
        assert find_binary() == saved["NNS_BINARY"]
        os.environ["NNS_BINARY"] = str(SCRATCH / "missing")
        try:
            find_binary()
            raise AssertionError("a missing NNS_BINARY was accepted")
        except NNSNotFound as problem:
            assert "NNS_BINARY" in str(problem), problem
        del os.environ["NNS_BINARY"]
        os.environ["PATH"] = str(fake.parent)
        assert find_binary() == str(fake)
        os.environ["PATH"] = "/nonexistent"
        os.environ[INSTALLED_ENV] = str(fake)
        assert find_binary() == str(fake)
        del os.environ[INSTALLED_ENV]
        assert find_binary(start=repo / "notebooks") == str(built)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def main():
    start = time.time()
    install_kernel()
    passed = failed = 0
    for function in TESTS:
        began = time.time()
        try:
            function()
            passed += 1
            print(f"PASS {function.__name__} ({time.time() - began:.1f} s)", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {function.__name__} ({time.time() - began:.1f} s)\n{traceback.format_exc()}", flush=True)
    if failed:
        print(f"(in {time.time() - start:.1f} s; the scratch directory stays for a look: {SCRATCH})")
    else:
        shutil.rmtree(SCRATCH, ignore_errors=True)
        print(f"(in {time.time() - start:.1f} s)")
    print(f"jupyter e2e: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
