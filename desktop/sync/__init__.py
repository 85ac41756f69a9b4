"""The sync client: push the outbox, pull the change log, apply complete checkpoints.

Never constructed for a training workspace (desktop.training.guard.ensure_live).
"""
