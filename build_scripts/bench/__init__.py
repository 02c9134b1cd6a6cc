"""Benchmarks: scripts that print figures (see figures.py); run them all with build_scripts/dev.py bench."""
