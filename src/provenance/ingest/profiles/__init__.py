"""Mapping profiles for real monitors' exports."""
