"""Channel adapters: what comes from outside, turned into the inbound format of DESIGN.md."""
