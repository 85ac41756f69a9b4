"""Attachment files are encrypted whenever the workspace database is (issue #11): sealed
with AES-256-GCM under a per-file key derived from the workspace key, named by the
plaintext's SHA-256 as before; `lastmile encrypt` seals the ones kept, `decrypt` opens them
back; a tampered file is refused with one line. Real files, real keys (a secrets file)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from desktop import attachments
from models.errors import UserFacingError
from tests.conftest import open_app
from tests.test_encryption import filled, run, secrets_file  # noqa: F401 (fixture)

PDF = b"%PDF-1.4 invoice 42 for Jane Roe, IBAN DE89 3704 0044 0532 0130 00\n" * 40
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20


def kept_files(ws: Path) -> list[Path]:
    return sorted(p for p in (ws / "attachments").rglob("*") if p.is_file())


def plain_in(path: Path, data: bytes) -> bool:
    raw = path.read_bytes()
    return any(raw.find(data[i : i + 16]) >= 0 for i in range(0, len(data) - 16, 97))


def test_an_encrypted_workspace_keeps_attachments_sealed_and_saves_them_back(
    tmp_path: Path, qtbot: object
) -> None:
    from ui.message_extras import MessageExtras

    ws = filled(tmp_path, encrypted=True)
    app = open_app(ws)
    try:
        assert isinstance(attachments.CIPHER, attachments.Sealed)
        kept = attachments.keep(attachments.folder(), PDF)
        again = attachments.keep(attachments.folder(), PDF)  # dedupe on the plaintext hash
        assert kept.sha256 == again.sha256 and len(kept_files(ws)) == 1
        on_disk = attachments.path_of(attachments.folder(), kept.sha256)
        raw = on_disk.read_bytes()
        assert raw.startswith(attachments.MAGIC) and not plain_in(on_disk, PDF)
        assert b"invoice" not in raw and b"Jane" not in raw
        extras = MessageExtras()
        out = tmp_path / "saved.pdf"
        with qtbot.waitSignal(extras.saved, timeout=10_000) as done:  # type: ignore[attr-defined]
            assert extras.save({"sha256": kept.sha256, "name": "x.pdf", "kept": True}, out)
        assert done.args == [out] and out.read_bytes() == PDF
        # tampered: one clear line, nothing handed out
        flipped = bytearray(raw)
        flipped[-5] ^= 1
        on_disk.write_bytes(bytes(flipped))
        with pytest.raises(UserFacingError) as caught:
            attachments.read(attachments.folder(), kept.sha256)
        assert "altered" in str(caught.value) and "\n" not in str(caught.value)
        with qtbot.waitSignal(extras.save_failed, timeout=10_000):  # type: ignore[attr-defined]
            assert extras.save({"sha256": kept.sha256, "name": "x", "kept": True}, tmp_path / "n")
        assert extras.status.text().startswith("Not saved: the kept attachment")
        assert extras.executor is not None
        extras.executor.shutdown()
        extras.deleteLater()
        assert not (tmp_path / "n").exists()
    finally:
        app.close()
    # a plain workspace opened later in this process gets the identity back
    plain = open_app(tmp_path / "plain")
    try:
        assert isinstance(attachments.CIPHER, attachments.Plain)
        kept = attachments.keep(attachments.folder(), PNG)
        assert attachments.path_of(attachments.folder(), kept.sha256).read_bytes() == PNG
    finally:
        plain.close()


def test_encrypt_seals_kept_attachments_and_decrypt_opens_them_back(tmp_path: Path) -> None:
    ws = filled(tmp_path)
    app = open_app(ws)
    try:
        shas = [attachments.keep(attachments.folder(), d).sha256 for d in (PDF, PNG)]
    finally:
        app.close()
    before = {p.name: p.read_bytes() for p in kept_files(ws)}
    code, out, err = run("encrypt", "--workspace", str(ws))
    assert code == 0, out + err
    assert "Encrypted 2 attachment file(s)." in out
    files = kept_files(ws)
    assert sorted(p.name for p in files) == sorted(before)  # same names (plaintext hash)
    for path in files:
        assert path.read_bytes().startswith(attachments.MAGIC)
        assert not plain_in(path, before[path.name])
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    # an interrupted run: one file left plain; the next run finishes it
    app = open_app(ws)
    try:
        folder = attachments.folder()
        target = attachments.path_of(folder, shas[1])
        target.write_bytes(PNG)
        (target.parent / f".{target.name}.1.tmp").write_bytes(b"partial")
        assert attachments.read(folder, shas[1]) == PNG  # still readable meanwhile
    finally:
        app.close()
    code, out, err = run("encrypt", "--workspace", str(ws))
    assert code == 0 and "Encrypted 1 attachment file(s)." in out, out + err
    assert all(p.read_bytes().startswith(attachments.MAGIC) for p in kept_files(ws))
    code, out, err = run("decrypt", "--workspace", str(ws))
    assert code == 0 and "Decrypted 2 attachment file(s)." in out, out + err
    assert {p.name: p.read_bytes() for p in kept_files(ws)} == before
    app = open_app(ws)
    try:
        assert isinstance(attachments.CIPHER, attachments.Plain)
        assert [attachments.read(attachments.folder(), s) for s in shas] == [PDF, PNG]
    finally:
        app.close()


def test_a_sealed_file_in_a_plain_workspace_is_one_line(tmp_path: Path) -> None:
    sealed = attachments.Sealed(b"k" * 32)
    folder = tmp_path / "attachments"
    sha = attachments.hashlib.sha256(PDF).hexdigest()
    path = attachments.path_of(folder, sha)
    path.parent.mkdir(parents=True)
    path.write_bytes(sealed.seal(PDF, sha))
    assert sealed.open(path.read_bytes(), sha) == PDF
    with pytest.raises(UserFacingError, match="altered"):  # another file's key: refused
        sealed.open(path.read_bytes(), "0" * 64)
    with pytest.raises(UserFacingError, match="encrypted and this workspace has no key"):
        attachments.Plain().open(path.read_bytes(), sha)
