"""Benchmark harness: corpus generator, query set, engines and runner (``python -m bench.run``)."""
