#!/usr/bin/env python3
"""mapped.py: waits for the next program's window to be mapped on the X
display and prints when, in Unix milliseconds (scripts/measure.sh). It prints
"ready" once it listens, so the program can be started after that. Listening
to the X server's map events (libX11 through ctypes) gives the moment itself;
polling with xdotool added up to ~15 ms of its own to every launch.

The window is the first top-level one with a name: GTK first maps a nameless
helper window, and names the window after the program until its title is set
(Wails sets it just after). The measure runs each program alone on its own
display."""
import ctypes
import ctypes.util
import sys
import time

MAP_NOTIFY = 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class XMapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", XMapEvent), ("pad", ctypes.c_long * 24)]


def main() -> None:
    x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
    x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(XEvent)]
    x.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
    x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    display = x.XOpenDisplay(None)
    if not display:
        sys.exit("mapped.py: cannot open the display")
    x.XSelectInput(display, x.XDefaultRootWindow(display), SUBSTRUCTURE_NOTIFY_MASK)
    x.XSync(display, 0)
    print("ready", flush=True)
    event = XEvent()
    while True:
        x.XNextEvent(display, ctypes.byref(event))
        if event.type != MAP_NOTIFY or event.xmap.override_redirect:
            continue
        at = time.time_ns() // 1_000_000
        name = ctypes.c_char_p()
        if x.XFetchName(display, event.xmap.window, ctypes.byref(name)) and name.value:
            print(at, flush=True)
            return


if __name__ == "__main__":
    main()
