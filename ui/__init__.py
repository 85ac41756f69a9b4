"""Qt widgets, item models, dialogs and themes (imports desktop/ and models/)."""
