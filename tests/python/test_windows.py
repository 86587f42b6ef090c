import datetime
import json

import pytest

import hotplan


def test_default_policy_one_window_per_day_across_dst():
    result = hotplan.windows("Europe/Berlin", "2026-03-28", "2026-03-29")
    assert result["tz"] == "Europe/Berlin"
    assert [w["start_local"] for w in result["windows"]] == ["2026-03-28T22:00:00+01:00", "2026-03-29T22:00:00+02:00"]
    # The spring-forward night is an hour shorter: 21:00Z to 04:00Z.
    assert (result["windows"][0]["start_utc"], result["windows"][0]["end_utc"]) == ("2026-03-28T21:00:00Z",
                                                                                   "2026-03-29T04:00:00Z")


def test_windows_zone_id_dates_and_policy_from_dict_and_path(tmp_path):
    policy = {"start": "01:00", "end": "03:00", "days": ["Sun"]}
    from_dict = hotplan.windows("W. Europe Standard Time", datetime.date(2026, 3, 23), datetime.date(2026, 4, 5),
                                policy)
    assert [w["start_local"][:10] for w in from_dict["windows"]] == ["2026-03-29", "2026-04-05"]
    path = tmp_path / "offpeak.json"
    path.write_text(json.dumps(policy))
    assert hotplan.windows("W. Europe Standard Time", "2026-03-23", "2026-04-05", offpeak=path) == from_dict


def test_unknown_zone():
    with pytest.raises(hotplan.InputError) as error:
        hotplan.windows("Mars/Olympus", "2026-01-01", "2026-01-02")
    assert error.value.path == "tz"


def test_bad_dates_and_order():
    for args, path in ((("UTC", "2026-01", "2026-01-02"), "start"), (("UTC", "2026-01-01", "2026-02-30"), "end"),
                       (("UTC", "2026-01-03", "2026-01-02"), "start")):
        with pytest.raises(hotplan.InputError) as error:
            hotplan.windows(*args)
        assert error.value.path == path


def test_bad_policy_names_pointer_inside_offpeak():
    with pytest.raises(hotplan.InputError) as error:
        hotplan.windows("UTC", "2026-01-01", "2026-01-02", {"days": ["Mon", "Funday"]})
    assert error.value.path == "/days/1"
    with pytest.raises(hotplan.InputError) as error:
        hotplan.windows("UTC", "2026-01-01", "2026-01-02", {"start": "25:00"})
    assert error.value.path == "/start"


@pytest.mark.parametrize("args", [(None, "2026-01-01", "2026-01-02"), ("UTC", 20260101, "2026-01-02"),
                                  ("UTC", "2026-01-01", "2026-01-02", ["22:00"])])
def test_wrong_types(args):
    with pytest.raises(TypeError):
        hotplan.windows(*args)
