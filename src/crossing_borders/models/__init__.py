"""Pure teaching models: numbers in, frozen dataclasses out; no widgets, no plotting."""
