"""Spiders: they decide what to fetch next, and nothing else."""
