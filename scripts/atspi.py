#!/usr/bin/python3
"""Finds elements of a running app the way a screen reader does: by role and
accessible name, over AT-SPI (the accessibility bus must be up and the app
started with it). For tests that drive the real window (scripts/voice-smoke.sh).

  atspi.py [--app TITLE] find ROLE NAME [--timeout S] [--last] [--enabled]
      waits until a showing element with that role and name is in the window
      titled TITLE (default Kaiwa) and prints the centre of it on the screen,
      "X Y", for xdotool; exit 1 with what the window shows if it never comes
  atspi.py [--app TITLE] gone ROLE NAME [--timeout S]
      waits until no showing element with that role and name is left
  atspi.py [--app TITLE] text ROLE NAME [--timeout S] [--last]
      prints the element's text (a text box's value)
  atspi.py [--app TITLE] count ROLE NAME
      prints how many showing elements have that role and name
  atspi.py [--app TITLE] dump
      prints the window's tree: role 'name' [states]

Roles are AT-SPI role names as `dump` shows them ("push button", "entry",
"level bar", "heading"...); NAME is matched exactly. Uses the system python3
(Debian's python3-gi and gir1.2-atspi-2.0, which python3-pyatspi brings).
"""
import argparse
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

S = Atspi.StateType


def window(title):
    """The top-level frame titled `title` of any application on the bus."""
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is None:
            continue
        try:
            app.clear_cache()
            for j in range(app.get_child_count()):
                w = app.get_child_at_index(j)
                if w is not None and w.get_name() == title:
                    return w
        except GLib.Error:
            continue  # an application that went away meanwhile
    return None


def walk(node, depth=0):
    yield node, depth
    try:
        n = node.get_child_count()
    except GLib.Error:
        return
    for i in range(n):
        try:
            child = node.get_child_at_index(i)
        except GLib.Error:
            continue
        if child is not None:
            yield from walk(child, depth + 1)


def showing(node):
    st = node.get_state_set()
    return st.contains(S.SHOWING) and st.contains(S.VISIBLE)


def matches(title, role, name, enabled=False):
    w = window(title)
    if w is None:
        return []
    w.clear_cache()  # the page changes under us: read it afresh each time
    found = []
    for node, _ in walk(w):
        try:
            if node.get_role_name() == role and node.get_name() == name and showing(node):
                if enabled and not node.get_state_set().contains(S.ENABLED):
                    continue
                found.append(node)
        except GLib.Error:
            continue
    return found


def dump(title, out=sys.stdout):
    w = window(title)
    if w is None:
        print(f"(no window titled {title!r} on the accessibility bus)", file=out)
        return
    w.clear_cache()
    for node, depth in walk(w):
        try:
            states = [s.value_nick for s in node.get_state_set().get_states()
                      if s in (S.FOCUSED, S.PRESSED, S.CHECKED, S.SHOWING)]
            if node.get_state_set().contains(S.ENABLED) is False and node.get_role_name() == "push button":
                states.append("disabled")
            print(f"{'  ' * depth}{node.get_role_name()} {node.get_name()!r} {states}", file=out)
        except GLib.Error as e:
            print(f"{'  ' * depth}? ({e.message})", file=out)


def wait_for(args, want_present=True):
    deadline = time.monotonic() + args.timeout
    while True:
        found = matches(args.app, args.role, args.name, getattr(args, "enabled", False))
        if bool(found) == want_present:
            return found
        if time.monotonic() > deadline:
            what = "no" if want_present else "still a"
            print(f"atspi: {what} showing {args.role} {args.name!r} in the {args.app} window after "
                  f"{args.timeout:g} s; the window shows:", file=sys.stderr)
            dump(args.app, sys.stderr)
            sys.exit(1)
        time.sleep(0.1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--app", default="Kaiwa", help="the window's title")
    sub = p.add_subparsers(dest="cmd", required=True)
    for cmd in ("find", "gone", "text", "count"):
        c = sub.add_parser(cmd)
        c.add_argument("role")
        c.add_argument("name")
        c.add_argument("--timeout", type=float, default=10)
        c.add_argument("--last", action="store_true", help="the last of several (default: the first)")
        c.add_argument("--enabled", action="store_true", help="only an enabled one")
    sub.add_parser("dump")
    args = p.parse_args()

    if args.cmd == "dump":
        dump(args.app)
    elif args.cmd == "count":
        print(len(matches(args.app, args.role, args.name)))
    elif args.cmd == "gone":
        wait_for(args, want_present=False)
    else:
        node = wait_for(args)[-1 if args.last else 0]
        if args.cmd == "text":
            try:
                print(node.get_text(0, node.get_character_count()))
            except (GLib.Error, TypeError, AttributeError):
                print(node.get_name())
        else:
            r = node.get_extents(Atspi.CoordType.SCREEN)
            if r.width <= 0 or r.height <= 0:
                print(f"atspi: {args.role} {args.name!r} has no size on the screen", file=sys.stderr)
                sys.exit(1)
            print(r.x + r.width // 2, r.y + r.height // 2)


if __name__ == "__main__":
    main()
