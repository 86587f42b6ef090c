#include "hotplan/report.hpp"

#include "hotplan/civil.hpp"
#include "hotplan/eligibility.hpp"

namespace hotplan {

namespace {

Json optional_kb(const std::optional<Kb>& kb) { return kb ? Json(kb->str()) : Json(nullptr); }
Json optional_build(const std::optional<Build>& build) { return build ? Json(build->str()) : Json(nullptr); }

Json optional_text(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json to_json(const OutOfBand& oob) {
  return {{"date", format_date(oob.date)},
          {"kb", oob.kb.str()},
          {"build", optional_build(oob.build)},
          {"keeps_chain", oob.chain_known ? Json(oob.keeps_chain) : Json(nullptr)},
          {"status", data_status_id(oob.status)},
          {"reference", optional_text(oob.reference)},
          {"note", oob.note}};
}

Json out_of_band_list(const std::vector<OutOfBand>& list) {
  Json out = Json::array();
  for (const auto& oob : list) out.push_back(to_json(oob));
  return out;
}

void add_eligibility(Json& out, const std::vector<EligibilityFailure>& failures) {
  Json reasons = Json::array();
  Json checks = Json::array();
  for (const auto& f : failures) {
    reasons.push_back(f.sentence);
    checks.push_back(prerequisite_id(f.prerequisite));
  }
  out["eligible"] = failures.empty();
  out["reasons"] = std::move(reasons);
  out["failed_checks"] = std::move(checks);
}

}  // namespace

Json to_json(const CalendarMonth& m) {
  // A KB the data does not give has no status of its own.
  const auto kb_status = [](const UpdateId& id, DataStatus status) {
    return id.kb || id.build ? Json(data_status_id(status)) : Json(nullptr);
  };
  return {{"month", format_year_month(m.month)},
          {"kind", month_kind_id(m.kind)},
          {"status", data_status_id(m.status)},
          {"patch_tuesday", format_date(m.patch_tuesday)},
          {"release_utc", format_utc(m.release_utc)},
          {"kb", optional_kb(m.offer.kb)},
          {"build", optional_build(m.offer.build)},
          {"kb_status", kb_status(m.offer, m.offer_status)},
          {"lcu_kb", optional_kb(m.lcu.kb)},
          {"lcu_build", optional_build(m.lcu.build)},
          {"lcu_status", kb_status(m.lcu, m.lcu_status)},
          {"reference", optional_text(m.reference)},
          {"note", optional_text(m.note)},
          {"out_of_band", out_of_band_list(m.out_of_band)}};
}

Json calendar_to_json(Product product, const std::vector<CalendarMonth>& months) {
  Json list = Json::array();
  for (const auto& m : months) list.push_back(to_json(m));
  return {{"product", product_id(product)}, {"months", std::move(list)}};
}

Json to_json(const InstallWindow& w) {
  return {{"start_utc", format_utc(w.start.utc)},
          {"end_utc", format_utc(w.end.utc)},
          {"start_local", format_local(w.start)},
          {"end_local", format_local(w.end)}};
}

Json windows_to_json(std::string_view tz, const std::vector<InstallWindow>& windows) {
  Json list = Json::array();
  for (const auto& w : windows) list.push_back(to_json(w));
  return {{"tz", tz}, {"windows", std::move(list)}};
}

Json to_json(const TrajectoryStep& s) {
  // One object per machine-month: built field by field into reserved storage,
  // which is several times faster than nlohmann's initializer lists.
  Json out(Json::value_t::object);
  auto& fields = out.get_ref<Json::object_t&>();
  fields.reserve(13);
  fields.emplace_back("month", format_year_month(s.month));
  fields.emplace_back("kind", month_kind_id(s.month_kind));
  fields.emplace_back("status", data_status_id(s.status));
  fields.emplace_back("offer", offer_id(s.offer));
  fields.emplace_back("kb", optional_kb(s.update.kb));
  fields.emplace_back("build", optional_build(s.update.build));
  fields.emplace_back("reboot", s.reboot);
  fields.emplace_back("reason", describe(s));
  fields.emplace_back("reason_code", step_reason_id(s.reason));
  Json installs = Json::array();
  for (std::size_t i = 0; i < s.out_of_band_installed.size(); ++i) {
    Json entry = to_json(s.out_of_band_installed[i]);
    const auto* window =
        i < s.out_of_band_windows.size() && s.out_of_band_windows[i] ? &*s.out_of_band_windows[i] : nullptr;
    entry["window"] = window ? to_json(*window) : Json(nullptr);
    installs.push_back(std::move(entry));
  }
  fields.emplace_back("out_of_band", std::move(installs));
  fields.emplace_back("window", s.window ? to_json(*s.window) : Json(nullptr));
  fields.emplace_back("assumed", !s.assumption.empty());
  fields.emplace_back("assumption", optional_text(s.assumption));
  return out;
}

Json to_json(const MachinePlan& plan) {
  Json out = {{"id", plan.id}, {"product", product_id(plan.product)}};
  add_eligibility(out, plan.failures);
  out["warnings"] = plan.warnings;
  out["installed_kb_known"] = plan.installed_kb.known;
  out["reboots"] = plan.reboots;
  Json months(Json::value_t::array);
  auto& list = months.get_ref<Json::array_t&>();
  list.reserve(plan.steps.size());
  for (const auto& s : plan.steps) list.push_back(to_json(s));
  out["months"] = std::move(months);
  return out;
}

Json plan_to_json(const FleetPlan& plan) {
  Json machines(Json::value_t::array);
  auto& list = machines.get_ref<Json::array_t&>();
  list.reserve(plan.machines.size());
  for (const auto& m : plan.machines) list.push_back(to_json(m));
  Json warnings = Json::array();
  if (auto unknown = unknown_kb_summary(plan)) warnings.push_back(*unknown);
  return {{"from", format_year_month(plan.from)},
          {"to", format_year_month(plan.from + date::months{plan.months - 1})},
          {"warnings", std::move(warnings)},
          {"machines", std::move(machines)}};
}

Json check_to_json(const Fleet& fleet, const CalendarSet& calendars) {
  Json machines = Json::array();
  int eligible = 0;
  int unknown = 0;
  for (const auto& m : fleet.machines) {
    Json entry = {{"id", m.id}, {"product", product_id(m.product)}};
    const auto failures = check_eligibility(m);
    add_eligibility(entry, failures);
    const auto installed = assess_installed_kb(m, calendars[m.product]);
    entry["warnings"] = installed.warnings;
    entry["installed_kb_known"] = installed.facts.known;
    eligible += failures.empty() ? 1 : 0;
    unknown += installed.facts.known ? 0 : 1;
    machines.push_back(std::move(entry));
  }
  return {{"machines", std::move(machines)},
          {"eligible", eligible},
          {"ineligible", static_cast<int>(fleet.machines.size()) - eligible},
          {"unknown_kb", unknown}};
}

}  // namespace hotplan
