"""Benchmarks: development tools that time the runtime packages (`make bench-*`).

They sit above everything they measure and are never imported by a command.
"""
