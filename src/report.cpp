#include "hotplan/report.hpp"

#include <array>
#include <optional>
#include <ostream>

#include "fleet_planner.hpp"
#include "hotplan/civil.hpp"
#include "hotplan/eligibility.hpp"
#include "hotplan/planner.hpp"
#include "hotplan/zones.hpp"
#include "json_sink.hpp"
#include "json_writer.hpp"
#include "parallel.hpp"
#include "step_description.hpp"

namespace hotplan {

namespace {

// Each structure is written once, against the writer interface of json_writer.hpp:
// the text writer streams the CLI's output, the DOM writer builds the library's values.

template <typename W>
void optional_string(W& w, const detail::JsonKey& key, const std::optional<std::string>& text) {
  w.key(key);
  if (text) {
    w.string(*text);
  } else {
    w.null();
  }
}

// A KB or build, or null; its text on the stack, not in a string of its own.
template <typename W, typename Value>
void optional_id(W& w, const detail::JsonKey& key, const std::optional<Value>& value) {
  w.key(key);
  if (!value) return w.null();
  char text[Value::kMaxText];
  w.string(std::string_view(text, static_cast<std::size_t>(value->put(text) - text)));
}

template <typename W>
void optional_kb(W& w, const detail::JsonKey& key, const std::optional<Kb>& kb) {
  optional_id(w, key, kb);
}

template <typename W>
void optional_build(W& w, const detail::JsonKey& key, const std::optional<Build>& build) {
  optional_id(w, key, build);
}

template <typename W>
void text_or_null(W& w, const detail::JsonKey& key, const std::string& text) {
  w.key(key);
  if (text.empty()) {
    w.null();
  } else {
    w.string(text);
  }
}

template <typename W>
void field(W& w, const detail::JsonKey& key, std::string_view text) {
  w.key(key);
  w.string(text);
}

template <typename W>
void string_list(W& w, const detail::JsonKey& key, const std::vector<std::string>& list) {
  w.key(key);
  w.begin_array();
  for (const auto& s : list) w.string(s);
  w.end_array();
}

template <typename W>
void write(W& w, const InstallWindow& window) {
  w.begin_object();
  field(w, "start_utc", utc_text(window.start.utc));
  field(w, "end_utc", utc_text(window.end.utc));
  field(w, "start_local", local_text(window.start));
  field(w, "end_local", local_text(window.end));
  w.end_object();
}

template <typename W>
void optional_window(W& w, const detail::JsonKey& key, const std::optional<InstallWindow>& window) {
  w.key(key);
  if (window) {
    write(w, *window);
  } else {
    w.null();
  }
}

// The fields of an out-of-band release; a plan step's installs add their window.
template <typename W>
void out_of_band_fields(W& w, const OutOfBand& oob) {
  field(w, "date", format_date(oob.date));
  field(w, "kb", oob.kb.str());
  optional_build(w, "build", oob.build);
  w.key("keeps_chain");
  if (oob.chain_known) {
    w.boolean(oob.keeps_chain);
  } else {
    w.null();
  }
  field(w, "status", data_status_id(oob.status));
  text_or_null(w, "reference", oob.reference);
  field(w, "note", oob.note);
}

template <typename W>
void eligibility_fields(W& w, const std::vector<EligibilityFailure>& failures) {
  w.key("eligible");
  w.boolean(failures.empty());
  w.key("reasons");
  w.begin_array();
  for (const auto& f : failures) w.string(f.sentence);
  w.end_array();
  w.key("failed_checks");
  w.begin_array();
  for (const auto& f : failures) w.string(prerequisite_id(f.prerequisite));
  w.end_array();
}

template <typename W>
void write(W& w, const CalendarMonth& m) {
  // A KB the data does not give has no status of its own.
  const auto kb_status = [&](const detail::JsonKey& key, const UpdateId& id, DataStatus status) {
    optional_string(w, key, id.kb || id.build ? std::optional(std::string(data_status_id(status))) : std::nullopt);
  };
  w.begin_object();
  field(w, "month", format_year_month(m.month));
  field(w, "kind", month_kind_id(m.kind));
  field(w, "status", data_status_id(m.status));
  field(w, "patch_tuesday", format_date(m.patch_tuesday));
  field(w, "release_utc", utc_text(m.release_utc));
  optional_kb(w, "kb", m.offer.kb);
  optional_build(w, "build", m.offer.build);
  kb_status("kb_status", m.offer, m.offer_status);
  optional_kb(w, "lcu_kb", m.lcu.kb);
  optional_build(w, "lcu_build", m.lcu.build);
  kb_status("lcu_status", m.lcu, m.lcu_status);
  text_or_null(w, "reference", m.reference);
  text_or_null(w, "note", m.note);
  w.key("out_of_band");
  w.begin_array();
  for (const auto& oob : m.out_of_band) {
    w.begin_object();
    out_of_band_fields(w, oob);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

template <typename W>
void write_calendar(W& w, Product product, const std::vector<CalendarMonth>& months) {
  w.begin_object();
  field(w, "product", product_id(product));
  w.key("months");
  w.begin_array();
  for (const auto& m : months) write(w, m);
  w.end_array();
  w.end_object();
}

template <typename W>
void write_windows(W& w, std::string_view tz, const std::vector<InstallWindow>& windows) {
  w.begin_object();
  field(w, "tz", tz);
  w.key("windows");
  w.begin_array();
  for (const auto& window : windows) write(w, window);
  w.end_array();
  w.end_object();
}

template <typename W>
void write(W& w, const PlanStep& s) {
  w.begin_object();
  field(w, "month", format_year_month(s.month));
  field(w, "kind", month_kind_id(s.month_kind));
  field(w, "status", data_status_id(s.status));
  field(w, "offer", offer_id(s.offer));
  optional_kb(w, "kb", s.update.kb);
  optional_build(w, "build", s.update.build);
  w.key("reboot");
  w.boolean(s.reboot);
  w.key("restarts");
  w.integer(s.restarts);
  fmt::memory_buffer reason;  // on the stack: no string per machine-month
  detail::append_description(reason, s);
  field(w, "reason", std::string_view(reason.data(), reason.size()));
  field(w, "reason_code", step_reason_id(s.reason));
  w.key("out_of_band");
  w.begin_array();
  for (std::size_t i = 0; i < s.out_of_band_installed.size(); ++i) {
    w.begin_object();
    out_of_band_fields(w, s.out_of_band_installed[i]);
    optional_window(w, "window", i < s.out_of_band_windows.size() ? s.out_of_band_windows[i] : std::nullopt);
    w.end_object();
  }
  w.end_array();
  optional_window(w, "window", s.window);
  w.key("assumed");
  w.boolean(!s.assumption.empty());
  text_or_null(w, "assumption", s.assumption);
  w.end_object();
}

template <typename W>
void write(W& w, const MachinePlan& plan) {
  w.begin_object();
  field(w, "id", plan.id);
  field(w, "product", product_id(plan.product));
  eligibility_fields(w, plan.failures);
  string_list(w, "warnings", plan.warnings);
  w.key("installed_kb_known");
  w.boolean(plan.installed_kb.known);
  w.key("restarts");
  w.integer(plan.restarts);
  w.key("restart_months");
  w.integer(plan.restart_months);
  w.key("months");
  w.begin_array();
  for (const auto& s : plan.steps) write(w, s);
  w.end_array();
  w.end_object();
}

// The plan's opening fields; `machines` writes the machines, so the text writer
// can drain its buffer between them (and a streamed plan can plan them as it goes).
template <typename W, typename Machines>
void write_plan(W& w, date::year_month from, int months, const std::optional<date::sys_days>& as_of,
                const std::optional<std::string>& warning, Machines&& machines) {
  w.begin_object();
  field(w, "from", format_year_month(from));
  field(w, "to", format_year_month(from + date::months{months - 1}));
  optional_string(w, "as_of", as_of ? std::optional(format_date(*as_of)) : std::nullopt);
  w.key("warnings");
  w.begin_array();
  if (warning) w.string(*warning);
  w.end_array();
  w.key("machines");
  w.begin_array();
  machines();
  w.end_array();
  w.end_object();
}

template <typename W>
void write_check(W& w, const Fleet& fleet, const CalendarSet& calendars) {
  int eligible = 0;
  int unknown = 0;
  w.begin_object();
  w.key("machines");
  w.begin_array();
  for (const auto& m : fleet.machines) {
    const auto failures = check_eligibility(m);
    const auto installed = assess_installed_kb(m, calendars[m.product]);
    w.begin_object();
    field(w, "id", m.id);
    field(w, "product", product_id(m.product));
    eligibility_fields(w, failures);
    string_list(w, "warnings", installed.warnings);
    w.key("installed_kb_known");
    w.boolean(installed.facts.known);
    w.end_object();
    eligible += failures.empty() ? 1 : 0;
    unknown += installed.facts.known ? 0 : 1;
  }
  w.end_array();
  w.key("eligible");
  w.integer(eligible);
  w.key("ineligible");
  w.integer(static_cast<std::int64_t>(fleet.machines.size()) - eligible);
  w.key("unknown_kb");
  w.integer(unknown);
  w.end_object();
}

template <typename W>
void write(W& w, const RolloutBatch& b) {
  w.begin_object();
  w.key("id");
  w.integer(b.id);
  w.key("phase");
  w.integer(b.phase);
  field(w, "region", b.region);
  w.key("zone");
  if (b.zone) {
    w.string(*b.zone);
  } else {
    w.null();
  }
  field(w, "start_utc", utc_text(b.start));
  field(w, "end_utc", utc_text(b.end));
  string_list(w, "machines", b.machines);
  string_list(w, "failed", b.failed);
  w.key("offers");
  w.begin_object();
  const auto count = [&](const detail::JsonKey& key, std::size_t n) {
    w.key(key);
    w.integer(static_cast<std::int64_t>(n));
  };
  count("hotpatch", b.offers.hotpatch);
  count("baseline", b.offers.baseline);
  count("regular", b.offers.regular);
  count("catalog", b.offers.catalog);
  count("restarting", b.offers.restarting);
  w.end_object();
  w.key("local_starts");
  w.begin_array();
  for (const auto& l : b.local_starts) {
    w.begin_object();
    field(w, "time_zone", l.time_zone);
    field(w, "start", local_text(l.start));
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

// `each_item` is called after every batch and every machine not patched, so the
// text writer can drain its buffer between them.
template <typename W, typename EachItem>
void write_rollout(W& w, const Rollout& rollout, EachItem&& each_item) {
  w.begin_object();
  field(w, "month", format_year_month(rollout.month));
  field(w, "release_utc", format_utc(rollout.release));
  field(w, "deadline_utc", format_utc(rollout.deadline));
  w.key("phases");
  w.begin_array();
  for (const auto& p : rollout.phases) {
    w.begin_object();
    w.key("phase");
    w.integer(p.phase);
    string_list(w, "regions", p.regions);
    w.end_object();
  }
  w.end_array();
  w.key("batches");
  w.begin_array();
  for (const auto& b : rollout.batches) {
    write(w, b);
    each_item();
  }
  w.end_array();
  w.key("not_patched");
  w.begin_array();
  for (const auto& s : rollout.not_patched) {
    w.begin_object();
    field(w, "id", s.id);
    field(w, "reason", skip_reason_id(s.reason));
    field(w, "detail", s.detail);
    w.end_object();
    each_item();
  }
  w.end_array();
  w.key("checks");
  w.begin_array();
  for (const auto& c : rollout.checks) {
    w.begin_object();
    field(w, "rule", c.rule);
    w.key("ok");
    w.boolean(c.ok);
    field(w, "detail", c.detail);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

template <typename W>
void write_classify(W& w, const ClassifyResult& result) {
  w.begin_object();
  w.key("approved");
  w.begin_array();
  for (const auto& a : result.approved) {
    w.begin_object();
    field(w, "kb", a.kb.str());
    w.key("order");
    w.integer(a.order);
    field(w, "reboot", reboot_behaviour_id(a.reboot));
    w.end_object();
  }
  w.end_array();
  w.key("skipped");
  w.begin_array();
  for (const auto& s : result.skipped) {
    w.begin_object();
    field(w, "kb", s.kb.str());
    field(w, "code", skip_code_id(s.code));
    field(w, "reason", s.reason);
    w.end_object();
  }
  w.end_array();
  w.key("reboot");
  w.boolean(result.reboot);
  w.key("reboot_kbs");
  w.begin_array();
  for (const auto& c : result.restart_causes) w.string(c.kb.str());
  w.end_array();
  string_list(w, "warnings", result.warnings);
  w.end_object();
}

template <typename Write>
Json as_json(Write&& write_with) {
  detail::JsonDomWriter w;
  write_with(w);
  return w.take();
}

// Machines planned and written at a time in write_plan_json (see there).
constexpr std::size_t kWriteChunkMachines = 256;

// A whole plan; `after_machine` runs after each machine (a stream drains there).
template <typename W, typename AfterMachine>
void write_fleet_plan(W& w, const FleetPlan& plan, AfterMachine&& after_machine) {
  write_plan(w, plan.from, plan.months, plan.as_of, unknown_kb_summary(plan), [&] {
    for (const auto& m : plan.machines) {
      write(w, m);
      after_machine();
    }
  });
}

// Streams `write_with`'s text to `out`, draining the buffer whenever it grows
// past a few hundred kilobytes, then a final newline (as `dump(2)` and '\n').
class TextStream {
 public:
  explicit TextStream(std::ostream& out) : out_(&out), writer_(buffer_) {}
  detail::JsonTextWriter& writer() noexcept { return writer_; }
  void drain_if_large() {
    if (buffer_.size() >= kDrainAt) drain();
  }
  // Text written elsewhere (continued_in's pieces), in its place: a large piece
  // goes straight out after what is buffered, without a copy.
  void append(std::string_view text) {
    if (text.size() < kDrainAt) {
      buffer_.append(text);
      drain_if_large();
      return;
    }
    drain();
    out_->write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  void finish() {
    buffer_.push_back('\n');
    drain();
  }

 private:
  static constexpr std::size_t kDrainAt = std::size_t{256} * 1024;
  void drain() {
    const auto text = buffer_.view();
    out_->write(text.data(), static_cast<std::streamsize>(text.size()));
    buffer_.clear();
  }
  std::ostream* out_;
  detail::TextBuffer buffer_;
  detail::JsonTextWriter writer_;
};

}  // namespace

Json to_json(const CalendarMonth& month) {
  return as_json([&](auto& w) { write(w, month); });
}

Json calendar_to_json(Product product, const std::vector<CalendarMonth>& months) {
  return as_json([&](auto& w) { write_calendar(w, product, months); });
}

Json to_json(const InstallWindow& window) {
  return as_json([&](auto& w) { write(w, window); });
}

Json windows_to_json(std::string_view tz, const std::vector<InstallWindow>& windows) {
  return as_json([&](auto& w) { write_windows(w, tz, windows); });
}

Json to_json(const PlanStep& step) {
  return as_json([&](auto& w) { write(w, step); });
}

Json to_json(const MachinePlan& plan) {
  return as_json([&](auto& w) { write(w, plan); });
}

Json plan_to_json(const FleetPlan& plan) {
  return as_json([&](auto& w) { write_fleet_plan(w, plan, [] {}); });
}

void detail::write_plan_to(JsonSink& sink, const FleetPlan& plan) {
  write_fleet_plan(sink, plan, [] {});
}

Json check_to_json(const Fleet& fleet, const CalendarSet& calendars) {
  return as_json([&](auto& w) { write_check(w, fleet, calendars); });
}

void write_plan_json(std::ostream& out, const FleetPlan& plan) {
  TextStream stream(out);
  write_fleet_plan(stream.writer(), plan, [&] { stream.drain_if_large(); });
  stream.finish();
}

void write_plan_json(std::ostream& out, const Fleet& fleet, const CalendarSet& calendars, date::year_month from,
                     int months, const PlanOptions& options) {
  // Every error before the first byte; the fleet-level warning, which comes before
  // the machines, from the whole fleet (as plan_to_json takes it from the whole plan).
  const detail::FleetPlanner planner(fleet, calendars, from, months, options);
  std::size_t unknown = 0;
  std::size_t newer = 0;
  InstalledKbAssessments assessments;  // machines that agree on their KB share one assessment
  for (const auto& m : fleet.machines) {
    const auto& facts = assessments.of(m, calendars[m.product]).facts;
    unknown += facts.known ? 0 : 1;
    newer += facts.newer_than_data ? 1 : 0;
  }
  TextStream stream(out);
  auto& w = stream.writer();
  // Planning and writing are one pass: a chunk of machines at a time, each thread
  // plans a run of them and writes them into its piece of text, joined in order
  // (the same text as written whole); only a chunk's plans are ever held. Part p
  // of every chunk keeps its caches (workers[p]) and its plans' vector.
  const std::size_t most_parts =
      std::max<std::size_t>(detail::parallel_part_count(kWriteChunkMachines, options.threads), 1);
  std::vector<detail::FleetPlanner::Worker> workers;
  workers.reserve(most_parts);
  for (std::size_t p = 0; p < most_parts; ++p) workers.emplace_back(planner);
  std::vector<std::vector<MachinePlan>> planned(most_parts);
  const auto plan_and_write = [&](detail::JsonTextWriter& writer, std::size_t part, std::size_t begin,
                                  std::size_t end) {
    auto& machines = planned[part];
    machines.resize(end - begin);
    planner.plan(workers[part], begin, end, machines.data());
    for (const auto& m : machines) write(writer, m);
    machines.clear();
  };
  // One piece of text per thread, reused; each on its own cache lines, as every
  // character written updates its string's size. Two sets: while threads write
  // one chunk's pieces, this thread sends the previous chunk's out (the kernel's
  // copy into a file was a third of this thread's time, the others idle).
  struct alignas(64) Piece {
    detail::TextBuffer text;
  };
  std::array<std::vector<Piece>, 2> piece_sets;
  std::size_t next_set = 0;
  std::vector<Piece>* outgoing = nullptr;  // written, not yet sent
  const auto send_outgoing = [&] {
    if (outgoing == nullptr) return;
    for (auto& piece : *outgoing) stream.append(piece.text.view());
    outgoing = nullptr;
  };
  write_plan(w, from, months, fleet.as_of, unknown_kb_summary(unknown, newer), [&] {
    const std::size_t total = fleet.machines.size();
    for (std::size_t first = 0; first < total; first += kWriteChunkMachines) {
      const std::size_t count = std::min(kWriteChunkMachines, total - first);
      const std::size_t parts = detail::parallel_part_count(count, options.threads);
      if (parts <= 1) {
        send_outgoing();
        plan_and_write(w, 0, first, first + count);
        stream.drain_if_large();
        continue;
      }
      auto& pieces = piece_sets[next_set];
      next_set ^= 1U;
      pieces.resize(parts);
      std::optional<detail::JsonTextWriter> last;  // where the last piece leaves the writer
      detail::parallel_parts_beside(
          count, options.threads,
          [&](std::size_t part, std::size_t begin, std::size_t end) {
            pieces[part].text.clear();
            auto piece = w.continued_in(pieces[part].text, part > 0);  // on this thread's stack
            plan_and_write(piece, part, first + begin, first + end);
            if (part + 1 == parts) last.emplace(piece);
          },
          send_outgoing);
      w.continue_from(*last);
      outgoing = &pieces;
    }
    send_outgoing();
  });
  stream.finish();
}

void write_calendar_json(std::ostream& out, Product product, const std::vector<CalendarMonth>& months) {
  TextStream stream(out);
  write_calendar(stream.writer(), product, months);
  stream.finish();
}

void write_windows_json(std::ostream& out, std::string_view tz, const std::vector<InstallWindow>& windows) {
  TextStream stream(out);
  write_windows(stream.writer(), tz, windows);
  stream.finish();
}

void write_check_json(std::ostream& out, const Fleet& fleet, const CalendarSet& calendars) {
  TextStream stream(out);
  write_check(stream.writer(), fleet, calendars);
  stream.finish();
}

Json rollout_to_json(const Rollout& rollout) {
  return as_json([&](auto& w) { write_rollout(w, rollout, [] {}); });
}

Json classify_to_json(const ClassifyResult& result) {
  return as_json([&](auto& w) { write_classify(w, result); });
}

void write_rollout_json(std::ostream& out, const Rollout& rollout) {
  TextStream stream(out);
  write_rollout(stream.writer(), rollout, [&] { stream.drain_if_large(); });
  stream.finish();
}

void write_classify_json(std::ostream& out, const ClassifyResult& result) {
  TextStream stream(out);
  write_classify(stream.writer(), result);
  stream.finish();
}

}  // namespace hotplan
