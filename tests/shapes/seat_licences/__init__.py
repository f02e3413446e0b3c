"""A test project of tests/test_shapes.py: a package only so that mypy tells its conf.py
from the other projects'."""
