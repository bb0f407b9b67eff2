"""Precedent: how other companies answered the same question, and whether the staff let it go.

A precedent library is a separate SQLite file built from EDGAR letters as downloaded
(`rejoinder library build`, `rejoinder library add`): each staff comment of another company with
its filed answer and its outcome. The workspace attaches it read-only; nothing of it is copied
into the workspace but the passages a reviewer quotes (storage.precedent.quotes).

- library.py   the file's format, opening it read-only, and the one-line reasons it cannot be
- build.py     reading letters into a library, resumable
- outcomes.py  grouping letters into reviews, answers linked to comments, and each outcome
- cites.py     the citations a comment makes (ASC paragraphs, S-K items, rules)
- search.py    the most similar comments of other companies, and why each matched
- for_comment.py  a workspace comment asked of the library (the dock and the review pack)
- quotes.py    a passage used as a starting point, recorded with its source
"""
