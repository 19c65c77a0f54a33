"""Evaluations of dateline's stages against annotated corpora (TimeML ...)."""
