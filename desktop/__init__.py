"""The application layer: services and use cases, CLI, intake, seeding.

Never imports QtWidgets or ui/ (tests/test_layers.py checks it).
"""
