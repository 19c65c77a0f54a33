"""Direct quotes and who speaks them: now `dateline.pipeline.quotes`, which every stage that
reads quotes shares (one finding per Doc); re-exported here for the modules that still
import it from the attribution stage."""

from dateline.pipeline.quotes import Quote, find_quotes, quote_at

__all__ = ["Quote", "find_quotes", "quote_at"]
