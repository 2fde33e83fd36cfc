"""Benchmarks: the generated test world served on loopback, and the fetch/analysis baselines.

``python -m bench`` serves a large generated world from a child process and measures how fast
a bare aiohttp client fetches every page (the ceiling any crawler can reach on this machine);
``bench.pages.generated_pages`` gives realistic pages for the analysis-stage benchmark.
"""
