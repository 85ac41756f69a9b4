"""Entry point: subcommands go to the CLI, no command opens the window.

Qt is imported only when a window is wanted, so that scripts stay fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop import cli


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse_args(argv)
    if args.command is not None:
        return cli.run(args)
    from ui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
