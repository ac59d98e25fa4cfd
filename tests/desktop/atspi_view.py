#!/usr/bin/python3
"""What PCManFM shows, read through the accessibility bus (AT-SPI).

PCManFM (GTK 2) run with GTK_MODULES=gail:atk-bridge publishes its
widgets on the accessibility bus of the session; this program walks the
tree of the application named "pcmanfm" and prints one JSON object:

    {"windows": [{"title", "x", "y", "w", "h", "status",
                  "items": [{"name", "x", "y", "w", "h"}, ...]}, ...],
     "menu_items": [{"name", "x", "y", "w", "h"}, ...],
     "dialogs": [{"role", "title", "texts": [...],
                  "buttons": [{"name", "x", "y", "w", "h"}, ...]}, ...]}

- windows: each PCManFM window (title = the folder's name), the rows of
  its folder view (the table with a "Name" column header, in detailed
  list view) by name, with their screen extents, and its status bar;
- menu_items: the items of any popup menu on screen (a context menu);
- dialogs: any other window on screen (an error or a question), with its
  labels, so that a test can say what PCManFM asked, and its buttons
  with their screen extents, so that it can answer.

It runs as a program of its own, with a timeout, because an AT-SPI call
to an application that hangs blocks its caller.

    atspi_view.py
"""

import json
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

R = Atspi.Role
APP_NAME = "pcmanfm"
MAX_DEPTH = 40


def extents(acc):
    try:
        e = acc.get_extents(Atspi.CoordType.SCREEN)
    except Exception:
        return None
    return {"x": e.x, "y": e.y, "w": e.width, "h": e.height}


def showing(acc):
    try:
        return acc.get_state_set().contains(Atspi.StateType.SHOWING)
    except Exception:
        return False


def children(acc):
    try:
        n = acc.get_child_count()
    except Exception:
        return []
    out = []
    for i in range(n):
        try:
            c = acc.get_child_at_index(i)
        except Exception:
            continue
        if c is not None:
            out.append(c)
    return out


def descendants(acc, depth=0, skip=(R.MENU_BAR,)):
    """Showing descendants, depth first; menu bars are not entered."""
    for c in children(acc):
        if not showing(c):
            continue
        yield c
        if depth < MAX_DEPTH and c.get_role() not in skip:
            yield from descendants(c, depth + 1, skip)


def folder_view_items(table):
    """Rows of a GTK tree view in detailed list view: each row's first
    column is a cell holding the icon and the name cells."""
    items = []
    for cell in children(table):
        if cell.get_role() != R.TABLE_CELL:
            continue
        parts = children(cell)
        if not parts:
            continue
        name = next((p.get_name() for p in parts if p.get_name()), "")
        if name:
            items.append({"name": name, **(extents(cell) or {})})
    return items


def window_view(frame):
    view = {"title": frame.get_name(), **(extents(frame) or {}),
            "status": None, "items": None}
    for acc in descendants(frame):
        role = acc.get_role()
        if role == R.STATUS_BAR and view["status"] is None:
            view["status"] = acc.get_name()
        elif role == R.TABLE and view["items"] is None:
            headers = [c.get_name() for c in children(acc)
                       if c.get_role() == R.TABLE_COLUMN_HEADER]
            if "Name" in headers:
                view["items"] = folder_view_items(acc)
    return view


def popup_items(window):
    return [{"name": acc.get_name(), **(extents(acc) or {})}
            for acc in descendants(window, skip=())
            if acc.get_role() in (R.MENU_ITEM, R.MENU, R.CHECK_MENU_ITEM)
            and acc.get_name()]


def text_of(acc):
    """A widget's name, or the text it holds (a text view's name is
    empty)."""
    name = acc.get_name()
    if name or acc.get_role() != R.TEXT:
        return name
    try:
        return Atspi.Text.get_text(acc, 0, -1)
    except Exception:
        return ""


def dialog_texts(window):
    texts = (text_of(acc) for acc in descendants(window, skip=())
             if acc.get_role() in (R.LABEL, R.TEXT, R.PUSH_BUTTON))
    return [t for t in texts if t]


def dialog_buttons(window):
    return [{"name": acc.get_name(), **(extents(acc) or {})}
            for acc in descendants(window, skip=())
            if acc.get_role() == R.PUSH_BUTTON and acc.get_name()]


def main():
    desktop = Atspi.get_desktop(0)
    result = {"windows": [], "menu_items": [], "dialogs": []}
    apps = [a for a in children(desktop) if a.get_name() == APP_NAME]
    for app in apps:
        for top in children(app):
            if not showing(top):
                continue
            role = top.get_role()
            if role == R.FRAME:
                result["windows"].append(window_view(top))
            elif role == R.WINDOW:
                result["menu_items"] += popup_items(top)
            else:
                result["dialogs"].append({"role": top.get_role_name(),
                                          "title": top.get_name(),
                                          "texts": dialog_texts(top),
                                          "buttons": dialog_buttons(top)})
    result["apps"] = len(apps)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
