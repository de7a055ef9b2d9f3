"""Built-in importers: each turns one kind of export file into contact records.

- ``linkedin``: LinkedIn ``Connections.csv`` in every era (with or without the ``Notes:``
  preamble and the ``URL`` column, both date styles, Excel re-saves).
- ``csv``: a generic contacts CSV with a name column and optionally a ``relationship`` column.
"""
