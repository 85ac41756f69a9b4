"""Training mode: scenario packs, training workspaces, simulated arrivals, private feedback.

Safe by construction: a training workspace is a separate database whose kind is
'training'; nothing here (or anywhere) builds a sender or a sync client for it
(see guard.ensure_live), outbound messages are stored as 'simulated', and no
metric or audit of a training workspace is written anywhere else.
"""
