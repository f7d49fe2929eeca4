"""The scale benchmark: scaled inputs, the bare-library floor, and the product timed against it.

`python -m benchmark --scales 1 10 100 --repeat 3` (see docs/speed.md).
"""
