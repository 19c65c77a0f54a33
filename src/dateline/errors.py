"""Every error dateline raises on purpose, with a code and a message that names the input.

Hierarchy::

    DatelineError                 base; `code` is stable, `exit_code` is what the CLI returns
    ├── InputError                the input cannot be analysed (exit 2)
    │   ├── InputNotFound         E001 missing path
    │   ├── EmptyInput            E002 nothing but whitespace (or debris)
    │   ├── BinaryInput           E003 looks like a binary file
    │   ├── InputTooLarge         E004 over `Settings.max_bytes`
    │   ├── UndecodableInput      E005 no text encoding fits
    │   ├── NoArticleInHtml       E006 an HTML page with no main text
    │   └── BadSourceItem         E007 a JSONL line, feed or WARC record that cannot be read
    ├── UsageError                a bad option value, e.g. --published (exit 2)
    ├── ResourceError             a shipped rule/lexicon file is invalid (exit 3)
    ├── ModelNotFound             the spaCy pipeline is not installed (exit 3)
    ├── StoreError                E040 the store cannot be opened or written (exit 3)
    │   ├── BadStoreUrl           E041 a --db value that names no store: malformed, unsupported backend,
    │   │                              no database name (exit 2)
    │   ├── StoreDriverMissing    E042 the backend's Python driver is not installed (exit 3)
    │   └── StoreUnreachable      E043 the database server does not answer or refuses the connection (exit 3)
    ├── ArticleNotStored          E044 (an InputError) the store refused one article's rows: it fails alone
    ├── WorkerError               E060 a worker process or the Dask cluster failed (exit 3)
    ├── ShardError                E061 (an InputError) a file given to `dateline load` is no readable shard
    └── FetchError                E050 (an InputError) a URL refused or not fetched (exit 2)
        └── PrivateAddress        E051 a URL resolves to a private/loopback address

The CLI prints `dateline: <message>` on one line and exits with `exit_code`; no traceback.
"""

from __future__ import annotations

__all__ = [
    "ArticleNotStored",
    "BadSourceItem",
    "BadStoreUrl",
    "BinaryInput",
    "DatelineError",
    "EmptyInput",
    "FetchError",
    "InputError",
    "InputNotFound",
    "InputTooLarge",
    "ModelNotFound",
    "NoArticleInHtml",
    "PrivateAddress",
    "ResourceError",
    "ShardError",
    "StoreDriverMissing",
    "StoreError",
    "StoreUnreachable",
    "UndecodableInput",
    "UsageError",
    "WorkerError",
]


class DatelineError(Exception):
    code = "E000"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


class InputError(DatelineError):
    exit_code = 2

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InputNotFound(InputError):
    code = "E001"


class EmptyInput(InputError):
    code = "E002"


class BinaryInput(InputError):
    code = "E003"


class InputTooLarge(InputError):
    code = "E004"


class UndecodableInput(InputError):
    code = "E005"


class NoArticleInHtml(InputError):
    code = "E006"


class BadSourceItem(InputError):
    """One item of a multi-article source (JSONL line, feed, WARC record) is unreadable."""

    code = "E007"


class UsageError(DatelineError):
    code = "E010"
    exit_code = 2


class ResourceError(DatelineError):
    """A rule or lexicon file is malformed: names the file and the rule."""

    code = "E020"
    exit_code = 3

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


class ModelNotFound(DatelineError):
    code = "E030"
    exit_code = 3


class StoreError(DatelineError):
    """The store (SQLite file or PostgreSQL URL) cannot be opened or written."""

    code = "E040"
    exit_code = 3

    def __init__(self, db: str, problem: str) -> None:
        super().__init__(f"{db}: {problem}")
        self.db = db


class BadStoreUrl(StoreError):
    """`--db` is no store dateline can open: a malformed URL, a backend it does not support, no database."""

    code = "E041"
    exit_code = 2


class StoreDriverMissing(StoreError):
    """The backend `--db` names is supported but its Python driver is not installed."""

    code = "E042"


class StoreUnreachable(StoreError):
    """The database server does not answer, or refuses the connection (host, port, user, database)."""

    code = "E043"


class ArticleNotStored(InputError):
    """The store refused one article's rows (a constraint, a value the database cannot hold): that article
    is rolled back and fails alone; the others are stored."""

    code = "E044"


class WorkerError(DatelineError):
    """The parallel analysis failed as a whole: a worker process died, the Dask scheduler cannot be
    reached. What was stored before stays; running the ingest again resumes."""

    code = "E060"
    exit_code = 3


class ShardError(InputError):
    """A file given to `dateline load` is not a readable record shard (`corpus.shards`)."""

    code = "E061"


class FetchError(InputError):
    """A URL could not be fetched (timeout, HTTP error, too large, not an article)."""

    code = "E050"


class PrivateAddress(FetchError):
    """A URL points at a private, loopback or link-local address (allowed with --allow-private)."""

    code = "E051"
