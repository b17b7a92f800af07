"""Benchmarks: measured figures for the budgets and quality targets in the design."""
