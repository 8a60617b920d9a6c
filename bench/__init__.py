"""Broadsheet's benchmark (`make bench`): run.py, one module per measure."""
