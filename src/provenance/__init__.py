"""provenance: evidence provenance for civilian-harm monitoring."""

__version__ = "0.1.0"
