"""A minimal Language Server Protocol client for yaml-language-server, the engine of
VS Code's YAML extension: it opens files as an editor does and collects the diagnostics
the server publishes for them.

JSON-RPC over the server's standard input and output (``--stdio``): each message is a
``Content-Length`` header and a JSON body. The server finds each file's schema by the
``# yaml-language-server: $schema=…`` line the file carries, as in the editor.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"

ERROR = 1  # DiagnosticSeverity.Error


def available() -> str | None:
    """Why the server cannot run here, or None."""
    if shutil.which("node") is None:
        return "node absent"
    if not SERVER.exists():
        return "yaml-language-server absent (npm ci à la racine du dépôt)"
    return None


class Server:
    """One running yaml-language-server, with validation on and no schema store (offline)."""

    def __init__(self, root: Path = ROOT) -> None:
        node = shutil.which("node")
        assert node is not None
        self._process = subprocess.Popen(
            [node, str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NODE_NO_WARNINGS": "1"},
        )
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._next_id = 0
        self.logs: list[str] = []
        self._diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {
                    "textDocument": {"publishDiagnostics": {}},
                    "workspace": {"configuration": True},
                },
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            },
        )
        self._notify("initialized", {})
        self._notify("workspace/didChangeConfiguration", {"settings": {"yaml": self.settings}})

    # what VS Code's YAML extension sends, less the network: no schema store
    settings: ClassVar[dict[str, Any]] = {
        "validate": True,
        "hover": True,
        "completion": True,
        "schemaStore": {"enable": False},
        "schemas": {},
        "customTags": [],
    }

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self._messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stream = self._process.stdin
        assert stream is not None
        stream.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        stream.flush()

    def _notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def _request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self._next_id += 1
        wanted = self._next_id
        self._send({"id": wanted, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._take(deadline)
            if message.get("id") == wanted and "method" not in message:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result")

    def _take(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("yaml-language-server ne répond pas")
        message = self._messages.get(timeout=remaining)
        self._handle(message)
        return message

    def _handle(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self._diagnostics[params["uri"]] = params["diagnostics"]
        elif method == "window/logMessage":
            self.logs.append(message["params"]["message"])
        elif "id" in message and method is not None:  # a request from the server
            result: Any = None
            if method == "workspace/configuration":
                items = message["params"]["items"]
                result = [self.settings if i.get("section") == "yaml" else None for i in items]
            self._send({"id": message["id"], "result": result})

    def diagnostics(self, path: Path, timeout: float = 60) -> list[dict[str, Any]]:
        """Open ``path`` as an editor does; the diagnostics the server publishes for it."""
        uri = path.resolve().as_uri()
        self._diagnostics.pop(uri, None)
        self._notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": path.read_text(encoding="utf-8"),
                }
            },
        )
        deadline = time.monotonic() + timeout
        while uri not in self._diagnostics:
            try:
                self._take(deadline)
            except queue.Empty:
                raise TimeoutError(f"pas de diagnostic pour {path}") from None
        found = self._diagnostics[uri]
        self._notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return found

    def close(self) -> None:
        try:
            self._request("shutdown", {}, timeout=10)
            self._notify("exit", {})
            self._process.wait(timeout=10)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()


def errors(diagnostics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The diagnostics of severity Error (a missing severity is one, per the protocol)."""
    return [d for d in diagnostics if d.get("severity", ERROR) == ERROR]
