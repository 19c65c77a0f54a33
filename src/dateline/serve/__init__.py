"""`dateline serve`: the REST API over the corpus store (FastAPI), a thin shell like the CLI.

Why a subpackage: the HTTP layer has several small jobs (errors, limits, auth, paging,
routes) that the rest of dateline never imports; fastapi loads only when a server starts.
"""

from dateline.serve.app import create_app
from dateline.serve.security import check_bind, is_loopback

__all__ = ["check_bind", "create_app", "is_loopback"]
