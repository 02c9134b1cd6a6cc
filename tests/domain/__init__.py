"""Tests of pos_app.domain (a package so module names do not clash with other test folders)."""
