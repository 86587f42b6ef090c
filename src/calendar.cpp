#include "hotplan/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <stdexcept>

#include "hotplan/civil.hpp"
#include "hotplan/release_time.hpp"

namespace hotplan {

namespace detail {
// Generated from data/calendar/*.json by cmake/embed_data.cmake.
std::vector<std::pair<std::string_view, std::string_view>> embedded_calendars();
}  // namespace detail

std::string_view month_kind_id(MonthKind kind) noexcept {
  switch (kind) {
    case MonthKind::baseline:
      return "baseline";
    case MonthKind::unplanned_baseline:
      return "unplanned-baseline";
    case MonthKind::hotpatch:
      return "hotpatch";
  }
  return "hotpatch";
}

std::string_view month_source_id(MonthSource source) noexcept {
  return source == MonthSource::published ? "published" : "projected";
}

std::string_view update_role_id(UpdateRole role) noexcept {
  switch (role) {
    case UpdateRole::baseline:
      return "baseline";
    case UpdateRole::hotpatch:
      return "hotpatch";
    case UpdateRole::lcu:
      return "lcu";
    case UpdateRole::out_of_band:
      return "out-of-band";
  }
  return "lcu";
}

namespace {

std::optional<MonthKind> parse_month_kind(std::string_view text) {
  if (text == "baseline") return MonthKind::baseline;
  if (text == "unplanned-baseline") return MonthKind::unplanned_baseline;
  if (text == "hotpatch") return MonthKind::hotpatch;
  return std::nullopt;
}

// Each KB may appear once in the data (as a month's update or an out-of-band
// release); a repeat is an error at the repeat's own pointer.
class KbRegistry {
 public:
  Kb read(const JsonNode& node) {
    const Kb kb = read_kb(node);
    const auto [it, inserted] = first_seen_.emplace(kb, node.pointer());
    if (!inserted) node.fail(fmt::format("{} is listed more than once (first at {})", kb.str(), it->second));
    return kb;
  }

 private:
  std::unordered_map<Kb, std::string> first_seen_;
};

Build read_build(const JsonNode& node, Product product) {
  const auto build = Build::parse(node.string());
  if (!build) node.fail(fmt::format("expected a build such as 26100.6899, found \"{}\"", node.string()));
  if (build->major != product_build_major(product)) {
    node.fail(fmt::format("build {} is not a {} build ({}.x)", build->str(), product_name(product),
                          product_build_major(product)));
  }
  return *build;
}

UpdateId read_update_id(const JsonNode& parent, Product product, KbRegistry& kbs) {
  UpdateId id;
  if (auto kb = parent.find("kb")) id.kb = kbs.read(*kb);
  if (auto build = parent.find("build")) id.build = read_build(*build, product);
  return id;
}

}  // namespace

Calendar Calendar::from_json(const Json& data) {
  const JsonNode root(data, "");
  root.expect_object({"product", "description", "months", "out_of_band"});
  Calendar cal;
  const auto product_node = root.at("product");
  const auto product = parse_product(product_node.string());
  if (!product)
    product_node.fail(
        fmt::format("unknown product \"{}\"; expected ws2025 or ws2022-azure-edition", product_node.string()));
  cal.product_ = *product;

  const auto months = root.at("months");
  const std::size_t count = months.array_size();
  if (count == 0) months.fail("expected at least one month");
  std::map<int, MonthData> by_month;
  KbRegistry kbs;
  std::optional<date::year_month> previous;
  for (std::size_t i = 0; i < count; ++i) {
    const auto entry = months.element(i);
    entry.expect_object({"month", "kind", "kb", "build", "lcu", "note"});
    const auto month_node = entry.at("month");
    const auto ym = parse_year_month(month_node.string());
    if (!ym)
      month_node.fail(fmt::format("expected a month YYYY-MM between 1970 and 2100, found \"{}\"", month_node.string()));
    if (previous && *ym <= *previous) month_node.fail("months must be listed once each, in increasing order");
    previous = *ym;
    MonthData md;
    if (auto kind = entry.find("kind")) {
      md.kind = parse_month_kind(kind->string());
      if (!md.kind)
        kind->fail(fmt::format("unknown month kind \"{}\"; expected baseline, unplanned-baseline or hotpatch",
                               kind->string()));
    }
    md.offer = read_update_id(entry, cal.product_, kbs);
    if (!md.kind && (md.offer.kb || md.offer.build)) {
      entry.fail("a month without a kind cannot name its hotpatch or baseline update");
    }
    if (auto lcu = entry.find("lcu")) {
      lcu->expect_object({"kb", "build"});
      if (md.kind && is_baseline(*md.kind))
        lcu->fail("a baseline month's regular update is the baseline itself; remove \"lcu\"");
      md.lcu = read_update_id(*lcu, cal.product_, kbs);
    }
    if (md.kind && is_baseline(*md.kind)) md.lcu = md.offer;
    by_month.emplace(months_between(date::year{1970} / date::January, *ym), md);
  }
  cal.first_ = date::year{1970} / date::January + date::months{by_month.begin()->first};
  cal.last_ = date::year{1970} / date::January + date::months{by_month.rbegin()->first};
  cal.months_.resize(static_cast<std::size_t>(months_between(cal.first_, cal.last_) + 1));
  for (const auto& [index, md] : by_month) {
    cal.months_[static_cast<std::size_t>(index - by_month.begin()->first)] = md;
  }

  if (auto oob_list = root.find("out_of_band")) {
    const std::size_t n = oob_list->array_size();
    for (std::size_t i = 0; i < n; ++i) {
      const auto entry = oob_list->element(i);
      entry.expect_object({"date", "kb", "build", "keeps_chain", "note"});
      OutOfBand oob{
          read_date(entry.at("date")), kbs.read(entry.at("kb")), std::nullopt, entry.at("keeps_chain").boolean(), {}};
      if (auto build = entry.find("build")) oob.build = read_build(*build, cal.product_);
      if (auto note = entry.find("note")) oob.note = note->string();
      cal.out_of_band_.push_back(std::move(oob));
    }
    std::stable_sort(cal.out_of_band_.begin(), cal.out_of_band_.end(),
                     [](const OutOfBand& a, const OutOfBand& b) { return a.date < b.date; });
  }
  cal.index_updates();
  return cal;
}

void Calendar::index_updates() {
  // from_json has rejected repeated KBs, so every emplace inserts.
  auto add = [this](const KnownUpdate& update) { known_.emplace(update.kb, update); };
  for (std::size_t i = 0; i < months_.size(); ++i) {
    const auto& md = months_[i];
    const auto ym = first_ + date::months{static_cast<int>(i)};
    const auto day = patch_tuesday(ym);
    if (md.offer.kb && md.kind) {
      const bool baseline = is_baseline(*md.kind);
      add({*md.offer.kb, md.offer.build, baseline ? UpdateRole::baseline : UpdateRole::hotpatch, ym, day,
           baseline ? ym : baseline_at_or_before(ym)});
    }
    if (md.lcu.kb && !(md.kind && is_baseline(*md.kind))) {
      add({*md.lcu.kb, md.lcu.build, UpdateRole::lcu, ym, day, std::nullopt});
    }
  }
  for (const auto& oob : out_of_band_) {
    const date::year_month_day ymd{oob.date};
    const auto ym = ymd.year() / ymd.month();
    const auto cycle_month = release_cycle_month(oob.date);
    add({oob.kb, oob.build, UpdateRole::out_of_band, ym, oob.date,
         oob.keeps_chain ? std::optional(baseline_at_or_before(cycle_month)) : std::nullopt});
  }
}

const Calendar::MonthData* Calendar::data_for(date::year_month ym) const noexcept {
  if (ym < first_ || ym > last_) return nullptr;
  return &months_[static_cast<std::size_t>(months_between(first_, ym))];
}

MonthKind Calendar::kind(date::year_month ym) const noexcept {
  if (const auto* md = data_for(ym); md && md->kind) return *md->kind;
  return is_planned_baseline_month(ym.month()) ? MonthKind::baseline : MonthKind::hotpatch;
}

MonthSource Calendar::source(date::year_month ym) const noexcept {
  const auto* md = data_for(ym);
  return md && md->kind ? MonthSource::published : MonthSource::projected;
}

CalendarMonth Calendar::month(date::year_month ym) const {
  CalendarMonth m;
  m.month = ym;
  m.kind = kind(ym);
  m.source = source(ym);
  m.patch_tuesday = patch_tuesday(ym);
  m.release_utc = release_instant(m.patch_tuesday);
  if (const auto* md = data_for(ym)) {
    m.offer = md->offer;
    m.lcu = md->lcu;
  }
  const date::sys_days first_day{ym / date::day{1}};
  const date::sys_days next_first{(ym + date::months{1}) / date::day{1}};
  // out_of_band_ is sorted by date: a month's releases are one contiguous run, found
  // without scanning every release (a hostile file may list millions).
  const auto by_date = [](const OutOfBand& oob, date::sys_days day) { return oob.date < day; };
  const auto begin = std::lower_bound(out_of_band_.begin(), out_of_band_.end(), first_day, by_date);
  const auto end = std::lower_bound(begin, out_of_band_.end(), next_first, by_date);
  m.out_of_band.assign(begin, end);
  return m;
}

std::vector<CalendarMonth> Calendar::months(date::year_month from, int count) const {
  std::vector<CalendarMonth> out;
  out.reserve(static_cast<std::size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i) out.push_back(month(from + date::months{i}));
  return out;
}

date::year_month Calendar::baseline_at_or_before(date::year_month ym) const noexcept {
  // Beyond the data the rule finds one within three months; inside it, the data must.
  auto probe = ym;
  const auto limit = static_cast<int>(months_.size()) + 12;
  for (int i = 0; i < limit; ++i, probe -= date::months{1}) {
    if (is_baseline(kind(probe))) return probe;
  }
  return probe;
}

date::year_month Calendar::next_baseline_after(date::year_month ym) const noexcept {
  auto probe = ym + date::months{1};
  const auto limit = static_cast<int>(months_.size()) + 12;
  for (int i = 0; i < limit; ++i, probe += date::months{1}) {
    if (is_baseline(kind(probe))) return probe;
  }
  return probe;
}

const KnownUpdate* Calendar::find(Kb kb) const noexcept {
  const auto it = known_.find(kb);
  return it == known_.end() ? nullptr : &it->second;
}

const Calendar& Calendar::shipped(Product product) {
  // Parsed once, on first use; immutable afterwards, so safe to share across threads.
  static const std::array<Calendar, kAllProducts.size()> calendars = [] {
    std::array<Calendar, kAllProducts.size()> out;
    for (const auto& [name, text] : detail::embedded_calendars()) {
      const auto p = parse_product(name);
      if (!p) throw std::logic_error(fmt::format("embedded calendar for unknown product {}", name));
      out[static_cast<std::size_t>(*p)] = from_json(parse_json_text(text, name));
    }
    return out;
  }();
  return calendars[static_cast<std::size_t>(product)];
}

CalendarSet shipped_calendars() {
  CalendarSet set{};
  for (Product p : kAllProducts) set[static_cast<std::size_t>(p)] = &Calendar::shipped(p);
  return set;
}

}  // namespace hotplan
