"""A Jupyter kernel for NNS: a wrapper around the JSON-lines protocol of `nns repl --protocol jsonl`."""

__version__ = "0.1.0"
