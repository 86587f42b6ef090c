#include "hotplan/report_csv.hpp"

#include <initializer_list>
#include <ostream>

#include "hotplan/civil.hpp"
#include "hotplan/report.hpp"

namespace hotplan {

namespace {

// Characters a spreadsheet reads as the start of a formula.
bool starts_formula(std::string_view text) noexcept {
  if (text.empty()) return false;
  const char c = text.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void append_field(std::string& line, std::string_view text) {
  const bool neutralise = starts_formula(text);
  const bool quote = neutralise || text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) line.push_back('"');
  if (neutralise) line.push_back('\'');
  for (const char c : text) {
    if (c == '"') line.push_back('"');
    line.push_back(c);
  }
  if (quote) line.push_back('"');
}

// Appends one CRLF-terminated record.
void append_row(std::string& buffer, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (const auto field : fields) {
    if (!first) buffer.push_back(',');
    first = false;
    append_field(buffer, field);
  }
  buffer += "\r\n";
}

// Writes the buffer to `out` once it holds a few hundred kilobytes.
constexpr std::size_t kDrainAt = 256 * 1024;
void drain(std::ostream& out, std::string& buffer, bool force) {
  if (!force && buffer.size() < kDrainAt) return;
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
}

std::string_view step_status(const PlanStep& step) {
  return step.assumption.empty() ? data_status_id(step.status) : std::string_view("assumed");
}

}  // namespace

std::string csv_field(std::string_view text) {
  std::string out;
  append_field(out, text);
  return out;
}

namespace {

void append_plan_header(std::string& buffer) {
  append_row(buffer, {"id", "product", "month", "offer", "kb", "restart", "restarts", "reason_code", "reason",
                      "window_start_utc", "window_end_utc", "window_start_local", "window_end_local", "status"});
}

void append_machine_rows(std::string& buffer, const MachinePlan& m) {
  for (const auto& s : m.steps) {
    const auto kb = s.update.kb ? s.update.kb->str() : std::string();
    const auto restarts = std::to_string(s.restarts);
    std::string start_utc, end_utc, start_local, end_local;
    if (s.window) {
      start_utc = format_utc(s.window->start.utc);
      end_utc = format_utc(s.window->end.utc);
      start_local = format_local(s.window->start);
      end_local = format_local(s.window->end);
    }
    append_row(buffer, {m.id, product_id(m.product), format_year_month(s.month), offer_id(s.offer), kb,
                        s.reboot ? "yes" : "no", restarts, step_reason_id(s.reason), describe(s), start_utc, end_utc,
                        start_local, end_local, step_status(s)});
  }
}

}  // namespace

void write_plan_csv(std::ostream& out, const FleetPlan& plan) {
  std::string buffer;
  append_plan_header(buffer);
  for (const auto& m : plan.machines) {
    append_machine_rows(buffer, m);
    drain(out, buffer, false);
  }
  drain(out, buffer, true);
}

void write_plan_csv(std::ostream& out, const Fleet& fleet, const CalendarSet& calendars, date::year_month from,
                    int months, const PlanOptions& options) {
  check_plan(fleet, calendars, from, months);
  std::string buffer;
  append_plan_header(buffer);
  make_plan_in_slices(fleet, calendars, from, months, options, kPlanSliceMachines, [&](FleetPlan&& slice) {
    for (const auto& m : slice.machines) {
      append_machine_rows(buffer, m);
      drain(out, buffer, false);
    }
  });
  drain(out, buffer, true);
}

void write_rollout_csv(std::ostream& out, const Rollout& rollout) {
  std::string buffer;
  append_row(buffer, {"id", "state", "batch", "phase", "region", "zone", "start_utc", "end_utc", "reason", "detail"});
  for (const auto& b : rollout.batches) {
    const auto id = std::to_string(b.id);
    const auto phase = std::to_string(b.phase);
    const auto start = format_utc(b.start);
    const auto end = format_utc(b.end);
    const std::string_view zone = b.zone ? std::string_view(*b.zone) : std::string_view();
    for (const auto& m : b.machines) append_row(buffer, {m, "patched", id, phase, b.region, zone, start, end, "", ""});
    for (const auto& m : b.failed)
      append_row(buffer, {m, "failed", id, phase, b.region, zone, start, end, "update-failed",
                          "the update failed (health signal)"});
    drain(out, buffer, false);
  }
  for (const auto& s : rollout.not_patched) {
    append_row(buffer, {s.id, "not-patched", "", "", "", "", "", "", skip_reason_id(s.reason), s.detail});
    drain(out, buffer, false);
  }
  drain(out, buffer, true);
}

}  // namespace hotplan
