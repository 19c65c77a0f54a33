"""dateline: news articles in; a sourced, dated, geolocated record of what happened out.

    >>> from dateline import analyze
    >>> record = analyze(text, published="2024-12-13")
    >>> record.to_dict()["events"]
"""

from dateline.analyzer import Analyzer, analyze, analyze_many
from dateline.errors import DatelineError, InputError, UsageError
from dateline.model import Record
from dateline.settings import Settings

__all__ = [
    "Analyzer",
    "DatelineError",
    "InputError",
    "Record",
    "Settings",
    "UsageError",
    "__version__",
    "analyze",
    "analyze_many",
]

__version__ = "0.1.0"
