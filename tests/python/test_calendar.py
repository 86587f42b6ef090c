import datetime
import json

import pytest

import hotplan


def test_shipped_calendar_months_and_fields():
    result = hotplan.calendar("ws2025", "2025-10", 4)
    assert result["product"] == "ws2025"
    assert [m["month"] for m in result["months"]] == ["2025-10", "2025-11", "2025-12", "2026-01"]
    october = result["months"][0]
    assert list(october) == ["month", "kind", "status", "patch_tuesday", "release_utc", "kb", "build", "kb_status",
                             "lcu_kb", "lcu_build", "lcu_status", "reference", "note", "out_of_band"]
    assert october["kind"] == "baseline" and october["status"] == "published"
    assert october["kb"] == "KB5066835" and october["patch_tuesday"] == "2025-10-14"
    assert october["release_utc"] == "2025-10-14T17:00:00Z"
    assert october["reference"] == "https://support.microsoft.com/help/5066835"
    assert [oob["kb"] for oob in october["out_of_band"]] == ["KB5070773", "KB5070881", "KB5070893"]
    assert [oob["keeps_chain"] for oob in october["out_of_band"]] == [False, False, True]
    assert result["months"][1]["kind"] == "hotpatch"
    assert result["months"][1]["kb"] == "KB5068966"


def test_reported_months_are_told_apart_from_published_ones():
    months = hotplan.calendar("ws2025", "2026-07", 3)["months"]
    assert [m["kind"] for m in months] == ["baseline", "hotpatch", "unplanned-baseline"]
    assert [m["status"] for m in months] == ["published", "published", "reported"]
    assert [m["kb_status"] for m in months] == ["reported", "reported", "reported"]


def test_months_defaults_to_twelve():
    assert len(hotplan.calendar("ws2025", "2025-10")["months"]) == 12


def test_other_product():
    result = hotplan.calendar("ws2022-azure-edition", "2024-08", 1)
    assert result["product"] == "ws2022-azure-edition"
    assert result["months"][0]["kind"] == "unplanned-baseline"


def test_projected_months_beyond_data():
    months = hotplan.calendar("ws2025", "2030-01", 3)["months"]
    assert [m["status"] for m in months] == ["projected"] * 3
    assert [m["kind"] for m in months] == ["baseline", "hotpatch", "hotpatch"]


@pytest.mark.parametrize("start", [datetime.date(2025, 10, 31), datetime.datetime(2025, 10, 1, 12, 30),
                                   "2025-10", "2025-10-14"])
def test_start_forms_name_the_same_month(start):
    assert hotplan.calendar("ws2025", start, 1)["months"][0]["month"] == "2025-10"


def test_custom_calendar_data_as_dict_and_path(tmp_path):
    data = {"product": "ws2025",
            "months": [{"month": "2027-04", "kind": "hotpatch", "status": "published", "kb": "KB9999999",
                        "build": "26100.99999"}]}
    from_dict = hotplan.calendar("ws2025", "2027-04", 1, data=data)
    assert from_dict["months"][0]["kind"] == "hotpatch"
    assert from_dict["months"][0]["kb"] == "KB9999999"
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(data))
    assert hotplan.calendar("ws2025", "2027-04", 1, data=path) == from_dict
    assert hotplan.calendar("ws2025", "2027-04", 1, data=str(path)) == from_dict
    # Layered over the shipped data: other months stay.
    assert hotplan.calendar("ws2025", "2025-10", 1, data=data)["months"][0]["kb"] == "KB5066835"


def test_calendar_data_layers_in_order_and_conflicts_name_both():
    first = {"product": "ws2025", "months": [{"month": "2027-05", "kind": "hotpatch", "status": "published"}]}
    second = {"product": "ws2025", "months": [{"month": "2027-05", "kind": "unplanned-baseline",
                                               "status": "reported"}]}
    with pytest.raises(hotplan.InputError) as error:
        hotplan.calendar("ws2025", "2027-05", 1, data=[first, second])
    assert error.value.path == "data[1]:/months/0"
    assert "data[0]" in error.value.message
    assert hotplan.calendar("ws2025", "2027-05", 1, data=[second])["months"][0]["status"] == "reported"


def test_custom_calendar_for_another_product_is_rejected():
    data = {"product": "ws2022-azure-edition",
            "months": [{"month": "2027-04", "kind": "baseline", "status": "published"}]}
    with pytest.raises(hotplan.InputError) as error:
        hotplan.calendar("ws2025", "2027-04", 1, data=data)
    assert error.value.path == "data"
    assert "ws2025" in error.value.message


def test_bad_custom_calendar_names_the_pointer():
    data = {"product": "ws2025", "months": [{"month": "2027-13", "kind": "baseline", "status": "published"}]}
    with pytest.raises(hotplan.InputError) as error:
        hotplan.calendar("ws2025", "2027-04", 1, data=data)
    assert error.value.path == "data:/months/0/month"


def test_before_the_first_supported_month_is_an_error():
    with pytest.raises(hotplan.InputError) as error:
        hotplan.calendar("ws2025", "2024-06", 1)
    assert error.value.path == "start"
    assert "2024-11" in error.value.message


def test_unknown_product():
    with pytest.raises(hotplan.InputError) as error:
        hotplan.calendar("ws2019", "2025-10", 1)
    assert error.value.path == "product"
    assert "ws2025" in error.value.message and "ws2022-azure-edition" in error.value.message


@pytest.mark.parametrize("start", ["2025-13", "2025-1", "October", "", "1969-12", "2101-01", "2025-02-30",
                                   datetime.date(1969, 12, 31), datetime.date(2101, 1, 1), "x" * 100_000])
def test_bad_start(start):
    with pytest.raises(hotplan.InputError) as error:
        hotplan.calendar("ws2025", start, 1)
    assert error.value.path == "start"
    assert len(str(error.value)) < 300  # a huge argument is not echoed whole


@pytest.mark.parametrize("months", [0, -1, 1201, 2**70, -(2**70)])
def test_bad_month_count(months):
    with pytest.raises(hotplan.InputError) as error:
        hotplan.calendar("ws2025", "2025-10", months)
    assert error.value.path == "months"


def test_month_count_past_the_last_supported_year():
    with pytest.raises(hotplan.InputError) as error:
        hotplan.calendar("ws2025", "2100-06", 12)
    assert error.value.path == "months"


@pytest.mark.parametrize("args", [(None, "2025-10", 1), (2025, "2025-10", 1), ("ws2025", None, 1),
                                  ("ws2025", 202510, 1), ("ws2025", "2025-10", "12"), ("ws2025", "2025-10", True),
                                  ("ws2025", "2025-10", 12.0), ("ws2025", "2025-10", None)])
def test_wrong_argument_types_are_type_errors(args):
    with pytest.raises(TypeError):
        hotplan.calendar(*args)


def test_data_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError):
        hotplan.calendar("ws2025", "2025-10", 1, data=[1, 2])
