"""Converts documents in a running LibreOffice, over its UNO bridge.

Not imported by convgen: :class:`convgen.pdf.libreoffice.Office` runs this file with a
Python that has LibreOffice's ``uno`` module (Debian's ``python3-uno`` for
``/usr/bin/python3``, or the Python LibreOffice ships with on Windows and macOS),
which convgen's own Python seldom has. It imports nothing of convgen.

    PYTHON uno_worker.py PIPE SECONDS

It connects to the office listening on the named pipe PIPE (``--accept=pipe,…``),
waiting up to SECONDS for it to start, then says on standard output, as one JSON
line, ``{"ready": true}`` (or ``{"ready": false, "error": …}`` before exiting),
after a first line saying whether it has the ``uno`` module (``{"uno": true}``). It
then reads one JSON request per line on standard input:

    {"source": PATH, "target": PATH, "filter": NAME, "data": {NAME: VALUE}, "seconds": N}

and answers each with one line, ``{"ok": true}`` or ``{"ok": false, "error": …}``,
with ``"fatal": true`` when the office is gone (crashed, killed, or silent for N
seconds), after which it exits. It exits at the end of its input.

A document is loaded and exported on the office's main thread (through the
``com.sun.star.awt.AsyncCallback`` service), as ``soffice --convert-to`` does:
loaded from a thread of the bridge, Writer builds some of a document's windows
(those of its comments) out of the main thread, and aborts.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from typing import Any


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


# LibreOffice restarts itself once on a new profile (its first start): the bridge to the
# first process is gone, the second is up a moment later.
RECONNECT_SECONDS = 15.0


def main(argv: list[str]) -> int:
    pipe, seconds = argv[0], float(argv[1])
    try:
        import uno  # type: ignore[import-not-found]
        import unohelper  # type: ignore[import-not-found]
        from com.sun.star.awt import XCallback  # type: ignore[import-not-found]
        from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
    except ImportError as exc:
        _say({"uno": False, "error": f"module uno absent ({exc})"})
        return 3
    _say({"uno": True})

    def prop(name: str, value: Any) -> Any:
        item = PropertyValue()
        item.Name, item.Value = name, value
        return item

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    office: dict[str, Any] = {}

    def connect(wait: float) -> str | None:
        """None once connected, else why not."""
        deadline = time.monotonic() + wait
        while True:
            try:
                remote = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                manager = remote.ServiceManager
                office["desktop"] = manager.createInstanceWithContext(
                    "com.sun.star.frame.Desktop", remote
                )
                office["main"] = manager.createInstanceWithContext(
                    "com.sun.star.awt.AsyncCallback", remote
                )
                return None
            except Exception as exc:  # not listening yet
                if time.monotonic() > deadline:
                    return f"LibreOffice ne répond pas ({exc})"
                time.sleep(0.02)

    class Conversion(unohelper.Base, XCallback):  # type: ignore[misc]
        def __init__(self, request: dict[str, Any]) -> None:
            self.request = request
            self.done = threading.Event()
            self.error: str | None = None
            self.gone = False  # the bridge is disposed: the office restarted, or died

        def notify(self, _data: Any) -> None:  # on the office's main thread
            request = self.request
            document = None
            try:
                document = office["desktop"].loadComponentFromURL(
                    uno.systemPathToFileUrl(request["source"]),
                    "_blank",
                    0,
                    (
                        prop("ReadOnly", True),
                        prop("Hidden", True),
                        prop("Silent", True),
                        prop("OpenNewView", True),
                    ),
                )
                if document is None:
                    raise ValueError("document illisible")
                # JSON's true and 2 are Python's bool and int, UNO's boolean and long
                data = tuple(prop(name, value) for name, value in request["data"].items())
                uno.invoke(
                    document,
                    "storeToURL",
                    (
                        uno.systemPathToFileUrl(request["target"]),
                        (
                            prop("FilterName", request["filter"]),
                            prop("Overwrite", True),
                            prop(
                                "FilterData",
                                uno.Any("[]com.sun.star.beans.PropertyValue", data),
                            ),
                        ),
                    ),
                )
            except Exception as exc:
                self.error = f"{type(exc).__name__} : {exc}"
                self.gone = "Disposed" in type(exc).__name__
            finally:
                if document is not None:
                    # the PDF is written: a close that fails is no matter
                    with contextlib.suppress(Exception):
                        document.close(True)
                self.done.set()

    def convert(request: dict[str, Any]) -> Conversion | None:
        """The conversion done, None if the office did not answer in time."""
        conversion = Conversion(request)
        try:
            office["main"].addCallback(conversion, None)
        except Exception as exc:  # the bridge is gone
            conversion.error, conversion.gone = f"{type(exc).__name__} : {exc}", True
            return conversion
        if not conversion.done.wait(float(request.get("seconds", 60))):
            return None
        return conversion

    problem = connect(seconds)
    if problem is not None:
        _say({"ready": False, "error": problem})
        return 4
    _say({"ready": True})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        conversion = convert(request)
        if conversion is not None and conversion.gone and connect(RECONNECT_SECONDS) is None:
            conversion = convert(request)  # the office restarted: once more
        if conversion is None:
            _say({"ok": False, "error": "LibreOffice ne répond plus", "fatal": True})
            return 6
        if conversion.gone:
            _say({"ok": False, "error": conversion.error, "fatal": True})
            return 5
        if conversion.error is not None:
            _say({"ok": False, "error": conversion.error})
        else:
            _say({"ok": True})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
