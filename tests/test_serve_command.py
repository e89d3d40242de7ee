"""`passerelles serve`'s watcher: the system's notifications by default, a scan of the
files with --poll (folders shared with a container or a virtual machine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from generator import cli, preview
from generator.commands import serve as serve_command


def test_the_preview_listens_to_the_system_unless_told_to_poll() -> None:
    native = preview._watcher(poll=False)
    assert isinstance(native, Observer) and not isinstance(native, PollingObserver)
    polling = preview._watcher(poll=True)
    assert isinstance(polling, PollingObserver)
    assert polling.timeout == preview.POLL_INTERVAL < 0.5  # MkDocs' own scan: every 0.5 s


@pytest.mark.parametrize(("argv", "poll"), [([], False), (["--poll"], True)])
def test_the_poll_option_reaches_the_preview(
    argv: list[str], poll: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(serve_command, "serve", lambda content, **options: calls.append(options))
    assert cli.main(["serve", "--content", str(tmp_path), *argv]) == 0
    assert [call["poll"] for call in calls] == [poll]
