"""dateline: news articles in; a sourced, dated, geolocated record of what happened out.

    >>> from dateline import analyze, analyze_many
    >>> record = analyze(text, published="2024-12-13")
    >>> record.to_dict()["events"]
    >>> records = list(analyze_many([(text, "2024-12-13"), other_text], n_process=2))

In a spaCy pipeline of your own: `nlp.add_pipe("dateline")`, then `doc._.dateline` is the
record (`dateline.spacy_component`); `analyze(doc)` runs the stages on a Doc you parsed.

Why the names load lazily (module `__getattr__`, PEP 562): importing any submodule
(`dateline.cli`, `dateline.store`, `dateline.errors`) first runs this file, and `Analyzer`
pulls in spaCy, thinc and every stage (seconds). `dateline events --help` or a store query
never needs them, so `Analyzer`, `analyze`, `analyze_many`, `make_document`, `Record` and
`Document` are imported on first use; `from dateline import analyze` works as before. `__version__` is the installed
package's version (its metadata), read on first use.
"""

import importlib
import typing

from dateline.errors import DatelineError, InputError, UsageError
from dateline.settings import Settings

if typing.TYPE_CHECKING:  # the real names for type checkers; at run time `__getattr__` imports them
    from dateline.analyzer import Analyzer, Item, Published, analyze, analyze_many, make_document
    from dateline.model import Document, Record

__all__ = [
    "Analyzer",
    "DatelineError",
    "Document",
    "InputError",
    "Item",
    "Published",
    "Record",
    "Settings",
    "UsageError",
    "__version__",
    "analyze",
    "analyze_many",
    "make_document",
]

# public name -> the module that defines it, imported when the name is first read
_LAZY: dict[str, str] = {
    "Analyzer": "dateline.analyzer",
    "analyze": "dateline.analyzer",
    "analyze_many": "dateline.analyzer",
    "make_document": "dateline.analyzer",
    "Item": "dateline.analyzer",
    "Published": "dateline.analyzer",
    "Record": "dateline.model",
    "Document": "dateline.model",
}


def _version() -> str:
    """The installed distribution's version; a source tree that was never installed has none."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dateline")
    except PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> typing.Any:
    """Import a heavy public name on first use and keep it, so later reads are plain lookups."""
    if name == "__version__":
        value: typing.Any = _version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'dateline' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The loaded names and the lazy ones, so `dir(dateline)` lists the whole public surface."""
    return sorted(set(globals()) | set(__all__))
