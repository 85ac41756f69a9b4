"""Entry point: subcommands go to the CLI, no command opens the window.

Qt is imported only when a window is wanted, so that scripts stay fast. Before it is,
the window's platform is checked: Qt's xcb plugin aborts the process (SIGABRT, no
message of ours) when a system library it needs is missing, or when there is no
display at all. Those cases become one line on stderr and exit status 2. What that check needs (ldd
through subprocess, ctypes) is imported only by a window start: a command line pays for
neither.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import subprocess

if __name__ == "__main__" or os.path.basename(sys.argv[0]) in ("lastmile", "lastmile.exe"):
    from desktop.startup import hide_server_drivers

    hide_server_drivers()  # the desktop never opens PostgreSQL: a third of the start-up saved

from desktop import cli

log = logging.getLogger("lastmile.ui")

EXIT_NO_WINDOW = 2
OFFSCREEN_HINT = "run with QT_QPA_PLATFORM=offscreen"

# What Qt's xcb plugin links (Qt 6.5 and later): soname -> (Debian/Ubuntu, Fedora) package.
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
# without ldd: the ones a desktop is most likely to lack, by ctypes name
FALLBACK_CHECK = (
    "xcb-cursor",
    "xcb-icccm",
    "xcb-keysyms",
    "xcb-image",
    "xcb-render-util",
    "xcb-xkb",
    "xkbcommon-x11",
    "xcb-shape",
    "xcb-randr",
    "xcb-xinerama",
)


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, found without importing Qt."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations)))
    plugin = plugin / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


class XcbProbe:
    """``ldd`` on the xcb plugin, started early so that it runs while Qt is imported."""

    def __init__(self) -> None:
        import shutil
        import subprocess

        self._proc: subprocess.Popen[str] | None = None
        plugin, ldd = xcb_plugin(), shutil.which("ldd")
        if plugin is not None and ldd is not None:
            try:
                self._proc = subprocess.Popen(
                    [ldd, str(plugin)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            except OSError:
                self._proc = None

    def missing(self) -> list[str]:
        """The libraries the xcb plugin needs that the system lacks (sonames)."""
        import ctypes.util
        import subprocess

        if self._proc is not None:
            try:
                out, _ = self._proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.communicate()
            else:
                if self._proc.returncode == 0:
                    found = [
                        line.split("=>", 1)[0].strip()
                        for line in out.splitlines()
                        if "not found" in line
                    ]
                    return list(dict.fromkeys(found))
        return [
            f"lib{name}.so" for name in FALLBACK_CHECK if ctypes.util.find_library(name) is None
        ]


def missing_xcb_libraries() -> list[str]:
    return XcbProbe().missing()


def _packages(missing: Sequence[str], which: int) -> str:
    names = []
    for soname in missing:
        known = XCB_LIBRARIES.get(soname) or next(
            (p for s, p in XCB_LIBRARIES.items() if s.startswith(soname)), None
        )
        if known:
            names.append(known[which])
    return " ".join(dict.fromkeys(names))


def missing_libraries_line(missing: Sequence[str]) -> str:
    what = f"{missing[0]} is missing" if len(missing) == 1 else f"{', '.join(missing)} are missing"
    it = "it" if len(missing) == 1 else "them"
    apt, dnf = _packages(missing, 0), _packages(missing, 1)
    if not apt:
        return f"lastmile: Qt cannot open a window: {what}; install {it}, or {OFFSCREEN_HINT}"
    return (
        f"lastmile: Qt cannot open a window: {what}; install {it} with "
        f"'sudo apt install {apt}' (Debian/Ubuntu) or 'sudo dnf install {dnf}' (Fedora), "
        f"or {OFFSCREEN_HINT}"
    )


NO_DISPLAY = (
    "lastmile: no display to open the window on: neither DISPLAY nor WAYLAND_DISPLAY "
    f"is set; start Lastmile in a desktop session, or {OFFSCREEN_HINT}"
)


def qt_platform(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """'xcb' when Qt would use its X11 plugin, 'no display' when it has nothing to use,
    else 'other' (macOS, Windows, Wayland, offscreen...: Qt reports its own problems)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return "other"
    qpa = env.get("QT_QPA_PLATFORM", "").strip()
    if qpa and not qpa.startswith("xcb"):
        return "other"
    display, wayland = env.get("DISPLAY"), env.get("WAYLAND_DISPLAY")
    if not display and (qpa or not wayland):
        return "no display"
    if not qpa and wayland and env.get("XDG_SESSION_TYPE") == "wayland":
        return "other"  # Qt takes its Wayland plugin
    return "xcb"


def window_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_missing: Callable[[], list[str]] = missing_xcb_libraries,
) -> str | None:
    """Why Qt would not be able to open a window here (one line), or None."""
    kind = qt_platform(env, platform)
    if kind == "no display":
        return NO_DISPLAY
    if kind != "xcb":
        return None
    missing = find_missing()
    return missing_libraries_line(missing) if missing else None


def check_window_platform(
    err: TextIO,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_missing: Callable[[], list[str]] = missing_xcb_libraries,
) -> int:
    """0 when a window can be opened; else the one line on err and exit status 2."""
    problem = window_problem(env, platform, find_missing)
    if problem is None:
        return 0
    print(problem, file=err)
    return EXIT_NO_WINDOW


def _log_to_workspace(args: argparse.Namespace, line: str) -> None:
    """Keep the line in the workspace log too, when there is a workspace to keep it in."""
    from desktop.workspace import Workspace, detect_kind, resolve_root, setup_logging

    try:
        root = resolve_root(args.workspace)
        if root.is_dir():
            setup_logging(Workspace(root, detect_kind(root)), json_logging=args.json_logging)
            log.error("%s", line, extra={"file_only": True})
    except Exception:  # the line is already on stderr; the log is a bonus
        pass


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse_args(argv)
    if args.command is not None and args.command != "wallboard":  # the wallboard is a window
        if args.command == "report" and getattr(args, "format", "") == "pdf":
            from desktop import reports
            from ui.report_pdf import write_pdf

            reports.PDF_WRITER = write_pdf  # painted with Qt; desktop/ never imports ui/
        return cli.run(args)
    if getattr(args, "selftest", False):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless, also in CI
        from ui.selftest import run_selftest

        return run_selftest()
    # ldd runs while Qt is imported; its answer is needed only before QApplication
    probe = XcbProbe() if qt_platform() == "xcb" else None
    problem = window_problem(find_missing=lambda: [])
    run_gui: Callable[[argparse.Namespace], int] | None = None
    if problem is None:
        try:
            from ui.app import run_gui
        except ImportError as exc:  # a Qt library of the system itself is missing
            problem = f"lastmile: Qt cannot start: {exc}; {OFFSCREEN_HINT}"
        if probe is not None and (missing := probe.missing()):
            problem = missing_libraries_line(missing)
    if problem is not None or run_gui is None:
        line = problem or "lastmile: Qt cannot start"
        print(line, file=sys.stderr)
        _log_to_workspace(args, line)
        return EXIT_NO_WINDOW
    try:
        return run_gui(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug before the window is up: one line, traceback to the log
        print(cli.internal_error_line(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
