from __future__ import annotations

import json

import pytest

from hamdel.core.errors import InputError
from hamdel.perception.voice import (
    prepare_emodb,
    prepare_emovo,
    prepare_ravdess,
    prepare_shemo,
    prepare_turevdb,
    read_manifest,
    write_manifest,
)

from .conftest import speechlike, write_wav


@pytest.fixture
def shemo_dir(tmp_path):
    root = tmp_path / "shemo" / "female"
    root.mkdir(parents=True)
    for name in ("F01A01", "F01N02", "M12S05", "M12W01", "F03H07"):
        write_wav(root / f"{name}.wav", speechlike(0.2))
    (root / "README.txt").write_text("not audio")
    (root / "notshemo.wav").write_bytes(b"")
    labels = {
        "F01A01": {"speaker": "F01", "emotion": "anger", "emotion_filename": "anger"},
        "F01N02": {"speaker": "F01", "emotion": "sadness", "emotion_filename": "neutral"},
        "M12S05": {"speaker": "M12", "emotion": "sadness", "emotion_filename": "sadness"},
        "M12W01": {"speaker": "M12", "emotion": "surprise", "emotion_filename": "surprise"},
        # F03H07 has audio but no label entry
    }
    path = tmp_path / "shemo_labels.json"
    path.write_text(json.dumps(labels), encoding="utf-8")
    return root.parent, path


def test_shemo_pairs_audio_with_corrected_labels(shemo_dir):
    root, labels = shemo_dir
    rows = {r.path.stem: r for r in prepare_shemo(root, labels)}
    assert set(rows) == {"F01A01", "F01N02", "M12S05", "M12W01"}
    assert rows["F01N02"].emotion == "sadness"  # corrected label wins
    assert rows["M12S05"].speaker == "M12"
    assert rows["M12W01"].language == "fa"
    original = {r.path.stem: r.emotion for r in prepare_shemo(root, labels, corrected=False)}
    assert original["F01N02"] == "neutral"


def test_shemo_without_labels_uses_the_file_name_letter(shemo_dir):
    root, _ = shemo_dir
    rows = {r.path.stem: r.emotion for r in prepare_shemo(root)}
    assert rows == {"F01A01": "A", "F01N02": "N", "M12S05": "S", "M12W01": "W", "F03H07": "H"}


def test_shemo_modified_json_keys_with_extension(shemo_dir, tmp_path):
    root, _ = shemo_dir
    path = tmp_path / "modified_shemo.json"
    path.write_text(json.dumps({"M12S05.wav": {"emotion": "sadness"}}), encoding="utf-8")
    assert [r.path.stem for r in prepare_shemo(root, path)] == ["M12S05"]


def test_shemo_bad_labels_file(shemo_dir, tmp_path):
    root, _ = shemo_dir
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="ShEMO labels"):
        prepare_shemo(root, bad)


def test_emodb_names(tmp_path):
    for name in ("03a01Fa", "16b10Wb", "08a02Lc", "xx.wav"):
        write_wav(tmp_path / f"{name}.wav", speechlike(0.1))
    rows = {r.path.stem: (r.emotion, r.speaker) for r in prepare_emodb(tmp_path)}
    assert rows == {"03a01Fa": ("F", "03"), "16b10Wb": ("W", "16"), "08a02Lc": ("L", "08")}


def test_ravdess_emovo_turevdb_names(tmp_path):
    (tmp_path / "Actor_07").mkdir()
    write_wav(tmp_path / "Actor_07" / "03-01-06-02-01-01-07.wav", speechlike(0.1))
    write_wav(tmp_path / "Actor_07" / "01-01-06-02-01-01-07.wav", speechlike(0.1))  # video
    (r,) = prepare_ravdess(tmp_path)
    assert (r.emotion, r.speaker, r.language) == ("06", "Actor_07", "en")
    write_wav(tmp_path / "pau-m2-l3.wav", speechlike(0.1))
    assert [(x.emotion, x.speaker) for x in prepare_emovo(tmp_path)] == [("pau", "m2")]
    (tmp_path / "Happy").mkdir()
    write_wav(tmp_path / "Happy" / "1358_hl_ogul1.wav", speechlike(0.1))
    assert [(x.emotion, x.speaker) for x in prepare_turevdb(tmp_path)] == [("happy", "1358")]


def test_manifest_round_trip_with_relative_paths(shemo_dir, tmp_path):
    root, labels = shemo_dir
    rows = prepare_shemo(root, labels)
    out = write_manifest(rows, tmp_path / "out" / "m.csv")
    text = out.read_text()
    assert text.splitlines()[0] == "path,emotion,speaker,language,corpus"
    assert str(tmp_path) not in text  # relative
    assert read_manifest(out) == rows


def test_manifest_errors(tmp_path):
    with pytest.raises(InputError, match="no such manifest"):
        read_manifest(tmp_path / "none.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("file,label\na.wav,anger\n")
    with pytest.raises(InputError, match="missing column"):
        read_manifest(bad)
    with pytest.raises(InputError, match="no such corpus folder"):
        prepare_emovo(tmp_path / "absent")


@pytest.mark.data
def test_shared_ravdess_manifest(shared_data):
    rows = prepare_ravdess(shared_data / "speech" / "ravdess")
    assert len(rows) == 1440
    assert len({r.speaker for r in rows}) == 24


@pytest.mark.data
def test_shemo_with_the_real_labels_on_synthetic_audio(shared_data, tmp_path):
    labels = shared_data / "speech" / "shemo" / "shemo_labels.json"
    data = json.loads(labels.read_text(encoding="utf-8"))
    changed = [k for k, v in data.items() if v["emotion"] != v["emotion_filename"]][:3]
    same = [k for k, v in data.items() if v["emotion"] == v["emotion_filename"]][:3]
    for name in changed + same:
        write_wav(tmp_path / f"{name}.wav", speechlike(0.1))
    rows = {r.path.stem: r for r in prepare_shemo(tmp_path, labels)}
    assert set(rows) == set(changed + same)
    for name, row in rows.items():
        assert row.emotion == data[name]["emotion"]
        assert row.speaker == data[name]["speaker"]
    modified = shared_data / "speech" / "shemo" / "modified_shemo.json"
    rows2 = {r.path.stem: r.emotion for r in prepare_shemo(tmp_path, modified)}
    assert rows2 == {k: r.emotion for k, r in rows.items()}


def test_cli_manifest_builder(tmp_path):
    from typer.testing import CliRunner

    from hamdel.cli import app

    for name in ("03a01Fa", "16b10Wb"):
        write_wav(tmp_path / f"{name}.wav", speechlike(0.1))
    out = tmp_path / "m" / "emodb.csv"
    runner = CliRunner()
    res = runner.invoke(app, ["voice", "manifest", "emodb", str(tmp_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert [r.emotion for r in read_manifest(out)] == ["F", "W"]
    res = runner.invoke(app, ["voice", "manifest", "nosuch", str(tmp_path), "-o", str(out)])
    assert res.exit_code == 2
    res = runner.invoke(app, ["voice", "manifest", "emovo", str(tmp_path), "-o", str(out)])
    assert res.exit_code == 2 and "no emovo recordings" in res.output
