"""Storage layer: peewee models, database opening, migrations, queries.

Imports nothing from desktop/ or ui/ and never touches Qt.
"""
