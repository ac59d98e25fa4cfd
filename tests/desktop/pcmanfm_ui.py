"""Driving PCManFM like a person: xdotool for the pointer, AT-SPI
(atspi_view.py) for what the windows show.

Every window is found by its title (PCManFM titles a window with its
folder's name), placed on a 3 x 2 grid of the 1280x800 screen (there is
no window manager: xdotool moves windows itself), and every item is
found by its name in the window's folder view, so that a press lands on
the row the view drew for it.  Each step waits for its outcome with a
deadline; a dialog PCManFM opens on the way (an error, a question) fails
the step with the dialog's text.
"""

import json
import subprocess

from burnfs_helpers import run, wait_for
from desktop_session import HERE, PYTHON, DesktopError

STEP_TIMEOUT = 30
# Window slot -> top-left corner; windows are WINDOW_SIZE (pcmanfm.conf).
GRID = {0: (0, 0), 1: (427, 0), 2: (854, 0),
        3: (0, 405), 4: (427, 405), 5: (854, 405)}


def centre(box):
    return box["x"] + box["w"] // 2, box["y"] + box["h"] // 2


class PCManFM:
    def __init__(self, desktop):
        self.desktop = desktop
        self.started = False
        self.last_view = None

    # ---- reading the screen ----------------------------------------------

    def view(self):
        """The accessible view of PCManFM (see atspi_view.py)."""
        try:
            r = run([PYTHON, str(HERE / "atspi_view.py")],
                    env=self.desktop.env(), timeout=20)
        except subprocess.TimeoutExpired:
            raise DesktopError("atspi_view.py timed out: PCManFM or the "
                               "accessibility bus does not answer")
        if r.returncode != 0:
            raise DesktopError(f"atspi_view.py: exit {r.returncode}: "
                               f"{r.stderr}")
        self.last_view = json.loads(r.stdout)
        return self.last_view

    def window(self, title, view=None):
        view = view or self.view()
        for w in view["windows"]:
            if w["title"] == title:
                return w
        return None

    def names(self, title):
        """Names the folder view of window `title` shows (None: no such
        window, or its view is not there yet)."""
        w = self.window(title)
        return None if w is None or w["items"] is None else \
            [i["name"] for i in w["items"]]

    def check_no_dialog(self, view):
        if view["dialogs"]:
            raise DesktopError(f"PCManFM shows a dialog: {view['dialogs']}")

    def wait_view(self, predicate, what, timeout=STEP_TIMEOUT):
        """Waits until predicate(view) is true; a dialog fails at once."""
        def check():
            v = self.view()
            self.check_no_dialog(v)
            return predicate(v)
        try:
            return wait_for(check, timeout, interval=0.25, what=what)
        except AssertionError as e:
            raise DesktopError(f"{e}; PCManFM shows: "
                               f"{self.summary(self.last_view)}") from None

    @staticmethod
    def summary(view):
        if not view:
            return "nothing"
        return {"windows": {w["title"]: (w["items"] and
                                        [i["name"] for i in w["items"]])
                            for w in view["windows"]},
                "menu": [m["name"] for m in view["menu_items"]],
                "dialogs": view["dialogs"]}

    # ---- windows ------------------------------------------------------------

    def open(self, directory, slot, title=None):
        """Opens a window on directory (a path or a URI; then its
        window's title must be given) and puts it in its grid slot."""
        title = title or directory.name
        self.desktop.pcmanfm(directory, new_window=self.started)
        self.started = True
        self.wait_view(lambda v: (w := self.window(title, v)) is not None
                       and w["items"] is not None,
                       f"a PCManFM window on {directory}")
        wid = wait_for(lambda: self.desktop.xdotool(
            "search", "--onlyvisible", "--name", f"^{title}$").split(),
            STEP_TIMEOUT, interval=0.1, what=f"the X window {title!r}")
        if len(wid) != 1:
            raise DesktopError(f"{len(wid)} X windows titled {title!r}")
        x, y = GRID[slot]
        self.desktop.xdotool("windowmove", "--sync", wid[0], x, y)
        self.wait_view(lambda v: (w := self.window(title, v))
                       and (w["x"], w["y"]) == (x, y),
                       f"window {title!r} at {x},{y}")
        return title

    # ---- pointer ------------------------------------------------------------

    def item(self, title, name, view=None):
        w = self.window(title, view)
        for i in (w and w["items"]) or []:
            if i["name"] == name:
                return i
        return None

    def drag(self, src_title, name, dst_title):
        """Presses on item `name` of window src_title, drags it over the
        empty part of dst_title's folder view and drops it there."""
        view = self.view()
        item = self.item(src_title, name, view)
        if item is None:
            raise DesktopError(f"{name!r} is not shown in {src_title!r}: "
                               f"{self.summary(view)}")
        dst = self.window(dst_title, view)
        x0, y0 = centre(item)
        # Below the last row of the target's view, inside the window.
        x1 = dst["x"] + dst["w"] * 2 // 3
        y1 = dst["y"] + dst["h"] * 3 // 4
        # A person's drag: press, move past GTK's drag threshold, travel
        # in steps (each motion event lets the XDND exchange go on), rest
        # over the target, release.  The pauses pace the input; the
        # outcome is waited for by the caller.
        steps = 12
        args = ["mousemove", x0, y0, "mousedown", "1", "sleep", "0.2",
                "mousemove", x0 + 8, y0 + 8, "sleep", "0.1"]
        for k in range(1, steps + 1):
            args += ["mousemove", x0 + (x1 - x0) * k // steps,
                     y0 + (y1 - y0) * k // steps, "sleep", "0.05"]
        args += ["mousemove", x1 + 2, y1 + 2, "sleep", "0.3",
                 "mouseup", "1"]
        self.desktop.xdotool(*args)

    def context_menu(self, title, name):
        """Right-clicks item `name` of window `title`; returns the menu
        items shown."""
        item = self.item(title, name)
        if item is None:
            raise DesktopError(f"{name!r} is not shown in {title!r}: "
                               f"{self.summary(self.last_view)}")
        x, y = centre(item)
        self.desktop.xdotool("mousemove", x, y, "click", "3")
        view = self.wait_view(lambda v: v["menu_items"] and v,
                              f"the context menu of {name!r}")
        return view["menu_items"]

    def choose(self, menu_items, label):
        """Clicks the menu item labelled `label`."""
        for m in menu_items:
            if m["name"] == label:
                x, y = centre(m)
                self.desktop.xdotool("mousemove", x, y, "click", "1")
                self.wait_view(lambda v: not v["menu_items"],
                               "the menu to close")
                return
        raise DesktopError(f"no menu item {label!r}; the menu has "
                           f"{[m['name'] for m in menu_items]}")

    def select(self, title, name):
        """Clicks item `name` of window `title` (selects it; the pointer
        stays over it, so the keyboard goes to that window)."""
        item = self.item(title, name)
        if item is None:
            raise DesktopError(f"{name!r} is not shown in {title!r}: "
                               f"{self.summary(self.last_view)}")
        x, y = centre(item)
        self.desktop.xdotool("mousemove", x, y, "click", "1")

    def key(self, name):
        """Presses and releases a key (xdotool's name for it) in the
        window under the pointer."""
        self.desktop.xdotool("key", name)

    def answer(self, dialog, label):
        """Clicks the button labelled `label` of a dialog of the view."""
        for b in dialog["buttons"]:
            if b["name"].replace("_", "") == label:
                x, y = centre(b)
                self.desktop.xdotool("mousemove", x, y, "click", "1")
                return
        raise DesktopError(f"no button {label!r} in the dialog {dialog}")
