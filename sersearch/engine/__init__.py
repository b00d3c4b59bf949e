"""The search engine built under Whoosh: the only code that knows Whoosh's private
structures (codec, postings blocks, columns, segment writers, storage).

The pipeline stages above it see Whoosh's public API (schema, query objects,
searcher) and this package's functions.
"""
