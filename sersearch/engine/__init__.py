"""The search engine built under Whoosh: the only code that knows Whoosh's private
structures (codec, postings blocks, columns, segment writers, storage).

Writing: ``pool`` (a segment's postings per term in compact arrays), ``writer``
(Whoosh's segment and parallel writers with that pool), ``impacts`` (each segment's
frequent terms, their passages grouped by score). Reading: ``storage`` (opening an
index folder), ``postings`` (a term's postings a block at a time), ``masks``
(type and year filters as byte masks). Top-k search: ``plan`` (a query as clauses),
``scoring`` (BM25 of its terms), ``candidates`` (exact scores and upper bounds),
``spans`` (phrase and nearness checks on positions), ``topk`` (``TopK``: the best
passages).

The pipeline stages above it see Whoosh's public API (schema, query objects,
searcher) and this package's functions.
"""
