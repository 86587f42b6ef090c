#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "hotplan/hotplan.hpp"
#include "support.hpp"

using namespace hotplan;

namespace {

// The JSON pointer of the error parse_fleet raises, or "no error".
std::string error_path(const Json& document) {
  try {
    (void)parse_fleet(document);
  } catch (const InputError& e) {
    return e.path();
  }
  return "no error";
}

Json fleet_with(const std::string& key, const Json& value) {
  auto machine = test::eligible_machine("m0");
  machine[key] = value;
  return test::fleet_of({test::eligible_machine("ok"), machine});
}

Json fleet_without(const std::string& key) {
  auto machine = test::eligible_machine("m0");
  machine.erase(key);
  return test::fleet_of({test::eligible_machine("ok"), machine});
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = "/tmp/hotplan_test_" + name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("the example fleet parses with every documented field") {
  const auto fleet = load_fleet(test::source_path("data/examples/fleet.json"));
  REQUIRE(fleet.machines.size() >= 10);
  const auto& web = fleet.machines[0];
  CHECK(web.id == "az-web-01");
  CHECK(web.placement.region == "westeurope");
  CHECK(web.placement.availability_set == "web-set");
  CHECK(web.placement.update_domain == 0);
  CHECK(web.offpeak.end == TimeOfDay::at(5));
  CHECK(fleet.regions.size() >= 2);
}

TEST_CASE("optional fields take their documented defaults") {
  Json machine = test::eligible_machine("m");
  for (const char* key :
       {"hotpatch_enrolled", "arc_connected", "license", "preview", "image", "vmss_mode", "time_zone"}) {
    machine.erase(key);
  }
  const auto fleet = parse_fleet(test::fleet_of({machine}));
  const auto& m = fleet.machines.at(0);
  CHECK_FALSE(m.hotpatch_enrolled.has_value());
  CHECK_FALSE(m.arc_connected);
  CHECK(m.licence == Licence::active);
  CHECK_FALSE(m.preview);
  CHECK_FALSE(m.image.has_value());
  CHECK(m.vmss_mode == VmssMode::none);
  CHECK(m.time_zone == "UTC");
  CHECK(m.offpeak == OffpeakPolicy{});
  CHECK(m.placement.region == "default");
  CHECK(m.placement.subscription == "default");
  CHECK_FALSE(m.install_oob);
}

TEST_CASE("bad fleet input names the JSON pointer") {
  CHECK(error_path(Json::array()) == "");
  CHECK(error_path(Json{{"machines", 3}}) == "/machines");
  CHECK(error_path(Json{{"machine", Json::array()}}) == "/machine");
  CHECK(error_path(fleet_with("product", "ws2019")) == "/machines/1/product");
  CHECK(error_path(fleet_with("edition", "enterprise")) == "/machines/1/edition");
  CHECK(error_path(fleet_with("build", "26100.x")) == "/machines/1/build");
  CHECK(error_path(fleet_with("build", "26100")) == "/machines/1/build");
  CHECK(error_path(fleet_with("build", 26100.6899)) == "/machines/1/build");
  CHECK(error_path(fleet_with("installed_kb", "KB50")) == "/machines/1/installed_kb");
  CHECK(error_path(fleet_with("installed_kb", "5066835")) == "/machines/1/installed_kb");
  CHECK(error_path(fleet_with("hotpatch_enrolled", "2025-02-30")) == "/machines/1/hotpatch_enrolled");
  CHECK(error_path(fleet_with("hotpatch_enrolled", "1969-12-31")) == "/machines/1/hotpatch_enrolled");
  CHECK(error_path(fleet_with("generation", 3)) == "/machines/1/generation");
  CHECK(error_path(fleet_with("vbs_status", -1)) == "/machines/1/vbs_status");
  CHECK(error_path(fleet_with("uefi", "yes")) == "/machines/1/uefi");
  CHECK(error_path(fleet_with("license", "lapsed")) == "/machines/1/license");
  CHECK(error_path(fleet_with("vmss_mode", "scaled")) == "/machines/1/vmss_mode");
  CHECK(error_path(fleet_with("image", Json{{"publisher", "p"}, {"offer", "o"}})) == "/machines/1/image");
  CHECK(error_path(fleet_with("id", "")) == "/machines/1/id");
  CHECK(error_path(fleet_with("hotpatch_enroled", "2025-01-01")) == "/machines/1/hotpatch_enroled");
  CHECK(error_path(fleet_with("offpeak", Json{{"start", "25:00"}})) == "/machines/1/offpeak/start");
  CHECK(error_path(fleet_with("offpeak", Json{{"days", Json::array()}})) == "/machines/1/offpeak/days");
  CHECK(error_path(fleet_with("offpeak", Json{{"days", {"Mon", "Funday"}}})) == "/machines/1/offpeak/days/1");
  CHECK(error_path(fleet_with("update_domain", -1)) == "/machines/1/update_domain");
  CHECK(error_path(fleet_with("availability_set", "set")) == "/machines/1");
  CHECK(error_path(fleet_with("id", "ok")) == "/machines/1/id");
  for (const char* key :
       {"id", "product", "edition", "installed_kb", "build", "vbs_status", "uefi", "secure_boot", "generation"}) {
    CAPTURE(key);
    CHECK(error_path(fleet_without(key)) == "/machines/1");
  }
  CHECK(error_path(Json{{"machines", Json::array()}, {"regions", 5}}) == "/regions");
  CHECK(error_path(Json{{"machines", Json::array()}, {"regions", {{"a/b", {{"pir", "x"}}}}}}) == "/regions/a~1b/pir");
}

TEST_CASE("the error message says what was expected") {
  try {
    (void)parse_fleet(fleet_with("build", "26100.x"));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "/machines/1/build: expected a build such as 26100.6899, found \"26100.x\"");
  }
}

TEST_CASE("malformed JSON and unreadable files are input errors") {
  CHECK_THROWS_AS((void)parse_json_text("{\"machines\": [", "fleet"), InputError);
  CHECK_THROWS_AS((void)parse_json_text("", "fleet"), InputError);
  CHECK_THROWS_AS((void)load_fleet("/nonexistent/fleet.json"), InputError);
  CHECK_THROWS_AS((void)parse_json_text(std::string(100, '[') + std::string(100, ']'), "fleet"), LimitError);
}

TEST_CASE("every failing prerequisite is listed at once") {
  auto machine = test::eligible_machine("m");
  machine["edition"] = "standard";
  machine["build"] = "26100.1000";
  machine["preview"] = true;
  machine["vbs_status"] = 1;
  machine["uefi"] = false;
  machine["secure_boot"] = false;
  machine["generation"] = 1;
  machine["arc_connected"] = false;
  machine["license"] = "expired";
  machine["vmss_mode"] = "uniform";
  machine["image"] = Json{{"publisher", "contoso"}, {"offer", "golden"}, {"sku", "hardened"}};
  const auto failures = check_eligibility(parse_fleet(test::fleet_of({machine})).machines.at(0));
  std::string ids;
  for (const auto& f : failures) ids += std::string(prerequisite_id(f.prerequisite)) + " ";
  CHECK(ids == "build preview vbs uefi secure_boot generation arc image vmss licence ");
  for (const auto& f : failures) CHECK_FALSE(f.sentence.empty());
}

TEST_CASE("eligibility rules one by one") {
  auto failures_for = [](const Json& changes) {
    auto machine = test::eligible_machine("m");
    for (const auto& [k, v] : changes.items()) machine[k] = v;
    const auto failures = check_eligibility(parse_fleet(test::fleet_of({machine})).machines.at(0));
    std::string ids;
    for (const auto& f : failures) ids += std::string(prerequisite_id(f.prerequisite)) + " ";
    return ids;
  };
  CHECK(failures_for(Json::object()) == "");
  // Build 26100.1742 is the first supported; one below is not.
  CHECK(failures_for({{"build", "26100.1742"}}) == "");
  CHECK(failures_for({{"build", "26100.1741"}}) == "build ");
  CHECK(failures_for({{"build", "20348.2582"}}) == "build ");
  // Windows Server 2022 needs Datacenter: Azure Edition.
  CHECK(failures_for({{"product", "ws2022-azure-edition"}, {"build", "20348.2582"}}) == "");
  CHECK(failures_for({{"product", "ws2022-azure-edition"}, {"build", "20348.2582"}, {"edition", "datacenter"}}) ==
        "edition ");
  // Standard/Datacenter 2025 need Arc; Azure Edition does not.
  CHECK(failures_for({{"edition", "datacenter"}}) == "arc ");
  CHECK(failures_for({{"edition", "datacenter"}, {"arc_connected", true}}) == "");
  CHECK(failures_for({{"arc_connected", false}}) == "");
  // Supported Marketplace SKUs only.
  const Json good = {{"publisher", "MicrosoftWindowsServer"},
                     {"offer", "WindowsServer"},
                     {"sku", "2025-datacenter-azure-edition-core-smalldisk"}};
  CHECK(failures_for({{"image", good}}) == "");
  Json wrong_product = good;
  wrong_product["sku"] = "2022-datacenter-azure-edition-hotpatch";
  CHECK(failures_for({{"image", wrong_product}}) == "image ");
  CHECK(failures_for({{"product", "ws2022-azure-edition"}, {"build", "20348.2582"}, {"image", wrong_product}}) == "");
  CHECK(failures_for({{"vmss_mode", "flexible"}}) == "");
  CHECK(failures_for({{"vmss_mode", "uniform"}}) == "vmss ");
  CHECK(failures_for({{"vbs_status", 2}, {"generation", 1}}) == "generation ");
}

TEST_CASE("hotplan plan and check: JSON shape / every machine accounted for") {
  const auto result = test::run_cli("plan --fleet " + test::source_path("data/examples/fleet.json") +
                                    " --from 2025-10 --months 12 --json");
  REQUIRE(result.exit_code == 0);
  const auto doc = Json::parse(result.out);
  const auto fleet = load_fleet(test::source_path("data/examples/fleet.json"));
  REQUIRE(doc["machines"].size() == fleet.machines.size());
  for (std::size_t i = 0; i < fleet.machines.size(); ++i) {
    const auto& m = doc["machines"][i];
    CHECK(m["id"] == fleet.machines[i].id);
    CHECK(m["months"].size() == 12);
    int restart_months = 0;
    int restarts = 0;
    for (const auto& month : m["months"]) {
      for (const char* key : {"month", "offer", "kb", "build", "reboot", "restarts", "reason"})
        CHECK(month.contains(key));
      restart_months += month["reboot"].get<bool>() ? 1 : 0;
      restarts += month["restarts"].get<int>();
    }
    CHECK(m["restart_months"] == restart_months);
    CHECK(m["restarts"] == restarts);
    CHECK(m["eligible"] == m["reasons"].empty());
  }
  const auto check = test::run_cli("check --fleet " + test::source_path("data/examples/fleet.json") + " --json");
  REQUIRE(check.exit_code == 0);
  const auto checked = Json::parse(check.out);
  CHECK(checked["machines"].size() == fleet.machines.size());
  CHECK(checked["eligible"].get<int>() + checked["ineligible"].get<int>() == static_cast<int>(fleet.machines.size()));
  // The readable table names every machine too.
  const auto table =
      test::run_cli("plan --fleet " + test::source_path("data/examples/fleet.json") + " --from 2025-10 --months 3");
  REQUIRE(table.exit_code == 0);
  for (const auto& m : fleet.machines) CHECK(table.out.find(m.id) != std::string::npos);
}

TEST_CASE("bad input to the CLI: exit code 2 and no partial output") {
  const auto broken = write_temp("broken.json", "{\"machines\": [");
  const auto duplicate =
      write_temp("duplicate.json", test::fleet_of({test::eligible_machine("a"), test::eligible_machine("a")}).dump());
  const auto bad_build = write_temp("bad_build.json", fleet_with("build", "26100.x").dump());
  for (const auto& args :
       {"plan --fleet " + broken + " --from 2025-10 --json", "plan --fleet " + duplicate + " --from 2025-10 --json",
        "plan --fleet " + bad_build + " --from 2025-10 --json", "check --fleet " + bad_build + " --json",
        std::string("plan --fleet /nonexistent.json --from 2025-10"),
        "plan --fleet " + test::source_path("data/examples/fleet.json") + " --from 2025-00",
        "plan --fleet " + test::source_path("data/examples/fleet.json") + " --from 2025-10 --months -1",
        std::string("plan --from 2025-10")}) {
    CAPTURE(args);
    const auto result = test::run_cli(args);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
  }
}

namespace {
// The pointer of the InputError parsing `text` as a fleet raises, or "no error".
std::string fleet_error(const std::string& text) {
  try {
    (void)parse_fleet(parse_json_text(text, "fleet"));
  } catch (const InputError& e) {
    return e.path();
  }
  return "no error";
}
}  // namespace

TEST_CASE("a key repeated in an object is an error at its pointer / wherever JSON is read") {
  auto machine = test::eligible_machine("a");
  const auto text = test::fleet_of({machine, machine}).dump();
  // Repeat "build" in the second machine: the last value would silently win.
  auto repeated = text;
  const auto second = repeated.find("\"build\"", repeated.find("\"build\"") + 1);
  repeated.insert(second, "\"build\":\"26100.1\",");
  CHECK(fleet_error(repeated) == "/machines/1/build");
  CHECK(fleet_error(R"({"machines": [], "machines": []})") == "/machines");
  CHECK(fleet_error(R"({"machines": [], "regions": {"a": {"pair": "b"}, "a": {}}})") == "/regions/a");
  CHECK(fleet_error(R"({"machines": [[{"x": 1, "x": 2}]]})") == "/machines/0/0/x");
  // Keys that only look alike are different keys.
  CHECK(fleet_error(R"({"machines": [{"id": 1, "i\u0064x": 2}]})") != "/machines/0/id");
  // The catalog and calendar data are read the same way.
  try {
    (void)calendar_from_json(parse_json_text(R"({"product": "ws2025", "product": "ws2025"})", "calendar"));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.path() == "/product");
  }
  const auto cli = test::run_cli("check --fleet " + test::source_path("tests/data/duplicate-key-fleet.json"));
  CHECK(cli.exit_code == 2);
  CHECK(cli.out.empty());
}

TEST_CASE("names with control characters or bidirectional overrides are rejected") {
  for (const std::string bad : {"web\n01", "web\x01", "web\x7f", "web\xc2\x85", "web\xe2\x80\xae", "web\xe2\x81\xa6"}) {
    CAPTURE(bad);
    auto machine = test::eligible_machine("ok");
    machine["id"] = bad;
    const auto fleet = test::fleet_of({machine});
    try {
      (void)parse_fleet(fleet);
      FAIL("expected an InputError");
    } catch (const InputError& e) {
      CHECK(e.path() == "/machines/0/id");
      CHECK(std::string(e.what()).find("names may not hold") != std::string::npos);
    }
    auto placed = test::eligible_machine("ok");
    placed["region"] = bad;
    CHECK_THROWS_AS((void)parse_fleet(test::fleet_of({placed})), InputError);
  }
  auto fine = test::eligible_machine("web-01 café ✓");
  CHECK_NOTHROW((void)parse_fleet(test::fleet_of({fine})));
}

TEST_CASE("--fleet - reads standard input - a directory says so - an empty fleet says so") {
  const auto fleet = test::source_path("data/examples/fleet.json");
  const auto piped = test::run_cli("check --json --fleet - < " + fleet);
  REQUIRE(piped.exit_code == 0);
  CHECK(piped.out == test::run_cli("check --json --fleet " + fleet).out);
  const auto dir = test::run_cli("check --fleet " + test::source_path("data"));
  CHECK(dir.exit_code == 2);
  try {
    (void)load_json_file(test::source_path("data"));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("is a directory") != std::string::npos);
  }
  const auto empty_text =
      test::run_cli("plan --from 2025-10 --fleet - < " + test::source_path("tests/data/empty-fleet.json"));
  CHECK(empty_text.exit_code == 0);
  CHECK(empty_text.out.find("no machines") != std::string::npos);
  const auto empty_json = test::run_cli("check --json --fleet - < " + test::source_path("tests/data/empty-fleet.json"));
  REQUIRE(empty_json.exit_code == 0);
  CHECK(Json::parse(empty_json.out)["machines"].empty());
  CHECK(
      test::run_cli("check --fleet - < " + test::source_path("tests/data/empty-fleet.json")).out.find("no machines") !=
      std::string::npos);
}

TEST_CASE("image references and Windows time zone ids match without case - a non-hotpatch SKU says what it is") {
  auto machine = test::eligible_machine("m");
  machine["image"] = {
      {"publisher", "microsoftwindowsserver"}, {"offer", "windowsserver"}, {"sku", "2025-Datacenter-Azure-Edition"}};
  machine["time_zone"] = "w. europe standard time";
  const auto fleet = parse_fleet(test::fleet_of({machine}));
  CHECK(check_eligibility(fleet.machines[0]).empty());
  CHECK(find_time_zone("w. europe standard time", "tz").name() ==
        find_time_zone("W. Europe Standard Time", "tz").name());
  CHECK(find_time_zone("europe/berlin", "tz").name() == "Europe/Berlin");
  CHECK_THROWS_AS((void)find_time_zone("europe/berlinx", "tz"), InputError);

  machine["image"]["sku"] = "2025-datacenter";
  const auto plain = check_eligibility(parse_fleet(test::fleet_of({machine})).machines[0]);
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].prerequisite == Prerequisite::image);
  CHECK(plain[0].sentence.find("Marketplace image SKU 2025-datacenter is not a hotpatch-capable") != std::string::npos);
  CHECK(plain[0].sentence.find("custom") == std::string::npos);
  machine["image"] = {{"publisher", "contoso"}, {"offer", "golden"}, {"sku", "v1"}};
  const auto custom = check_eligibility(parse_fleet(test::fleet_of({machine})).machines[0]);
  REQUIRE(custom.size() == 1);
  CHECK(custom[0].sentence.find("custom images are not supported") != std::string::npos);
}

TEST_CASE("one duration reader: whole minutes from PT1M to PT24H with the same message everywhere") {
  auto machine = test::eligible_machine("a");
  machine["offpeak"] = Json{{"start", "22:00"}, {"end", "06:00"}, {"max_duration", "PT1H30M"}};
  auto fleet = test::fleet_of({machine});
  fleet["install_durations"] = Json{{"lcu", "P0DT2H"}};
  const auto parsed = parse_fleet(fleet);
  CHECK(parsed.machines[0].offpeak.max_duration == std::chrono::minutes{90});
  CHECK(parsed.install_durations.lcu == std::chrono::minutes{120});
  const auto message_at = [](const Json& document, const std::string& pointer) {
    try {
      (void)parse_fleet(document);
    } catch (const InputError& e) {
      CHECK(e.path() == pointer);
      return e.message();
    }
    FAIL("expected an InputError at " << pointer);
    return std::string();
  };
  for (const char* bad : {"PT90S", "PT0M", "PT25H", "P2D", "4 hours"}) {
    CAPTURE(bad);
    auto with_bad_cap = test::fleet_of({machine});
    with_bad_cap["machines"][0]["offpeak"]["max_duration"] = bad;
    auto with_bad_install = fleet;
    with_bad_install["install_durations"]["lcu"] = bad;
    const auto cap = message_at(with_bad_cap, "/machines/0/offpeak/max_duration");
    CHECK(cap == message_at(with_bad_install, "/install_durations/lcu"));
    CHECK(cap.find("whole minutes") != std::string::npos);
    try {
      (void)parse_policy(
          Json{{"type", "maintenance-configuration"}, {"classifications", {"Security"}}, {"max_duration", bad}});
      FAIL("expected an InputError");
    } catch (const InputError& e) {
      CHECK(e.path() == "/max_duration");
      CHECK(e.message() == cap);
    }
  }
}
