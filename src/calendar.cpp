#include "hotplan/calendar.hpp"

#include <fmt/ranges.h>

#include "hotplan/calendar_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <stdexcept>

#include "calendar_reader.hpp"
#include "hotplan/civil.hpp"
#include "hotplan/release_time.hpp"

namespace hotplan {

namespace detail {
// Generated from data/calendar/*.json by cmake/embed_data.cmake.
std::vector<std::pair<std::string_view, std::string_view>> embedded_calendars();
}  // namespace detail

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

// The kinds a data file states; "regular" months follow from hotpatch_end.
std::optional<MonthKind> parse_month_kind(std::string_view text) {
  const auto kind = parse_name(text, kMonthKindIds);
  return kind == MonthKind::regular ? std::nullopt : kind;
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

// "published" or "reported": what a data file may claim (projected is hotplan's own).
DataStatus read_status(const JsonNode& node) {
  const auto status = parse_data_status(node.string());
  if (!status || *status == DataStatus::projected)
    node.fail(fmt::format("unknown status \"{}\"; expected published or reported", node.string()));
  return *status;
}

DataStatus read_status_or(const JsonNode& parent, std::string_view key, DataStatus fallback) {
  const auto node = parent.find(key);
  return node ? read_status(*node) : fallback;
}

date::year_month read_month(const JsonNode& node) {
  const auto ym = parse_year_month(node.string());
  if (!ym) node.fail(fmt::format("expected a month YYYY-MM between 1970 and 2100, found \"{}\"", node.string()));
  return *ym;
}

std::string read_text(const JsonNode& parent, std::string_view key) {
  const auto node = parent.find(key);
  return node ? std::string(node->string()) : std::string();
}

}  // namespace

Calendar detail::CalendarReader::read(const Json& data) {
  const JsonNode root(data, "");
  root.expect_object({"product", "description", "source", "first_month", "hotpatch_end", "months", "out_of_band"});
  Calendar cal;
  const auto product_node = root.at("product");
  const auto product = parse_product(product_node.string());
  if (!product)
    product_node.fail(
        fmt::format("unknown product \"{}\"; expected ws2025 or ws2022-azure-edition", product_node.string()));
  cal.product_ = *product;
  cal.source_ = read_text(root, "source");
  if (auto first = root.find("first_month")) cal.first_supported_ = read_month(*first);
  if (auto end = root.find("hotpatch_end")) {
    end->expect_object({"month", "status", "note"});
    cal.hotpatch_end_ =
        HotpatchEnd{read_month(end->at("month")), read_status(end->at("status")), read_text(*end, "note")};
  }

  std::map<int, Calendar::MonthData> by_month;
  KbRegistry kbs;
  std::optional<date::year_month> previous;
  const auto months = root.find("months");
  const std::size_t count = months ? months->array_size() : 0;
  for (std::size_t i = 0; i < count; ++i) {
    const auto entry = months->element(i);
    entry.expect_object({"month", "kind", "status", "date", "kb", "build", "kb_status", "reference", "lcu", "note"});
    const auto month_node = entry.at("month");
    const auto ym = read_month(month_node);
    if (previous && ym <= *previous) month_node.fail("months must be listed once each, in increasing order");
    previous = ym;
    Calendar::MonthData md;
    if (auto kind = entry.find("kind")) {
      md.kind = parse_month_kind(kind->string());
      if (!md.kind)
        kind->fail(fmt::format("unknown month kind \"{}\"; expected baseline, unplanned-baseline or hotpatch",
                               kind->string()));
      md.status = read_status(entry.at("status"));
    } else if (entry.find("status")) {
      entry.at("status").fail("a month without a kind has no status of its own; give its regular update's status");
    }
    if (auto day = entry.find("date")) {
      md.release_day = read_date(*day);
      const date::year_month_day ymd{*md.release_day};
      if (ymd.year() / ymd.month() != ym) day->fail(fmt::format("{} is not in {}", day->string(), month_node.string()));
    }
    md.offer = read_update_id(entry, cal.product_, kbs);
    if (!md.kind && (md.offer.kb || md.offer.build || entry.find("kb_status"))) {
      entry.fail("a month without a kind cannot name its hotpatch or baseline update");
    }
    if (md.offer.kb || md.offer.build) md.offer_status = read_status_or(entry, "kb_status", md.status);
    md.reference = read_text(entry, "reference");
    md.note = read_text(entry, "note");
    if (auto lcu = entry.find("lcu")) {
      lcu->expect_object({"kb", "build", "status", "reference"});
      if (md.kind && is_baseline(*md.kind))
        lcu->fail("a baseline month's regular update is the baseline itself; remove \"lcu\"");
      md.lcu = read_update_id(*lcu, cal.product_, kbs);
      md.lcu_status = read_status_or(*lcu, "status", md.kind ? md.status : DataStatus::published);
      if (md.reference.empty()) md.reference = read_text(*lcu, "reference");
    }
    if (md.kind && is_baseline(*md.kind)) {
      md.lcu = md.offer;
      md.lcu_status = md.offer_status;
    }
    if (md.kind) cal.data_through_ = ym;
    by_month.emplace(months_between(date::year{1970} / date::January, ym), std::move(md));
  }
  if (!by_month.empty()) {
    cal.first_ = date::year{1970} / date::January + date::months{by_month.begin()->first};
    cal.last_ = date::year{1970} / date::January + date::months{by_month.rbegin()->first};
    cal.months_.resize(static_cast<std::size_t>(months_between(cal.first_, cal.last_) + 1));
    for (auto& [index, md] : by_month) {
      cal.months_[static_cast<std::size_t>(index - by_month.begin()->first)] = std::move(md);
    }
  }

  if (auto oob_list = root.find("out_of_band")) {
    const std::size_t n = oob_list->array_size();
    for (std::size_t i = 0; i < n; ++i) {
      const auto entry = oob_list->element(i);
      entry.expect_object({"date", "kb", "build", "keeps_chain", "status", "reference", "note"});
      OutOfBand oob{read_date(entry.at("date")),
                    kbs.read(entry.at("kb")),
                    std::nullopt,
                    false,
                    {},
                    true,
                    DataStatus::published,
                    {}};
      if (auto keeps = entry.find("keeps_chain")) {
        oob.keeps_chain = keeps->boolean();
      } else {
        oob.chain_known = false;
      }
      if (auto build = entry.find("build")) oob.build = read_build(*build, cal.product_);
      oob.note = read_text(entry, "note");
      oob.status = read_status_or(entry, "status", DataStatus::published);
      oob.reference = read_text(entry, "reference");
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
  auto see_build = [this](const std::optional<Build>& build) {
    if (build && (!newest_build_ || *newest_build_ < *build)) newest_build_ = build;
  };
  for (const auto& md : months_) {
    see_build(md.offer.build);
    see_build(md.lcu.build);
  }
  for (const auto& oob : out_of_band_) see_build(oob.build);
  for (std::size_t i = 0; i < months_.size(); ++i) {
    const auto& md = months_[i];
    const auto ym = first_ + date::months{static_cast<int>(i)};
    const auto day = md.release_day.value_or(patch_tuesday(ym));
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
  if (months_.empty() || ym < first_ || ym > last_) return nullptr;
  return &months_[static_cast<std::size_t>(months_between(first_, ym))];
}

MonthKind Calendar::kind(date::year_month ym) const noexcept {
  if (const auto* md = data_for(ym); md && md->kind) return *md->kind;
  if (hotpatch_end_ && ym > hotpatch_end_->last_month) return MonthKind::regular;
  return is_planned_baseline_month(ym.month()) ? MonthKind::baseline : MonthKind::hotpatch;
}

DataStatus Calendar::status(date::year_month ym) const noexcept {
  if (const auto* md = data_for(ym); md && md->kind) return md->status;
  // Past a stated end, "regular" rests on that statement.
  if (hotpatch_end_ && ym > hotpatch_end_->last_month) return hotpatch_end_->status;
  return DataStatus::projected;
}

CalendarMonth Calendar::month(date::year_month ym) const {
  CalendarMonth m;
  m.month = ym;
  m.kind = kind(ym);
  m.status = status(ym);
  m.patch_tuesday = patch_tuesday(ym);
  m.release_utc = release_instant(m.patch_tuesday);
  if (const auto* md = data_for(ym)) {
    if (md->release_day) m.release_utc = release_instant(*md->release_day);
    m.offer = md->offer;
    m.offer_status = md->offer_status;
    m.lcu = md->lcu;
    m.lcu_status = md->lcu_status;
    m.reference = md->reference;
    m.note = md->note;
  }
  if (m.kind == MonthKind::regular && m.note.empty() && hotpatch_end_) {
    m.note = fmt::format("hotpatch for {} ends after {}{}", product_name(product_),
                         format_year_month(hotpatch_end_->last_month),
                         hotpatch_end_->status == DataStatus::reported ? " (reported)" : "");
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

UpdateId Calendar::offer(date::year_month ym) const noexcept {
  const auto* md = data_for(ym);
  return md ? md->offer : UpdateId{};
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
    // Past the hotpatch end there is no baseline: regular updates begin.
    if (const auto k = kind(probe); is_baseline(k) || k == MonthKind::regular) return probe;
  }
  return probe;
}

const KnownUpdate* Calendar::find(Kb kb) const noexcept {
  const auto it = known_.find(kb);
  return it == known_.end() ? nullptr : &it->second;
}

const Calendar& Calendar::shipped(Product product) { return CalendarSet::shipped()[product]; }

std::vector<JsonNode> calendar_products(const Json& document) {
  const JsonNode root(document, "");
  if (!document.is_object() || !document.contains("calendars")) return {root};
  root.expect_object({"calendars"});
  const auto list = root.at("calendars");
  std::vector<JsonNode> out;
  for (std::size_t i = 0; i < list.array_size(); ++i) out.push_back(list.element(i).detached());
  return out;
}

namespace {

// Where an entry of the merged data came from, for conflict messages.
struct Origin {
  std::string layer;
  std::string pointer;
  bool shipped = false;
};

// One product's data merged over the layers: entries keyed by month or KB.
struct MergedProduct {
  Json top = Json::object();  // product, description, source, first_month, hotpatch_end
  std::map<std::string, std::pair<Json, Origin>> months;
  std::map<std::string, std::pair<Json, Origin>> out_of_band;

  void put(std::map<std::string, std::pair<Json, Origin>>& into, const std::string& key, const Json& entry,
           Origin origin) {
    auto [it, inserted] = into.try_emplace(key, entry, origin);
    if (inserted) return;
    const auto& [existing, from] = it->second;
    if (!from.shipped && !origin.shipped && existing != entry) {
      throw InputError(origin.pointer,  // in_layer() prefixes the layer's name
                       fmt::format("{} disagrees with {} at {} about {}", origin.layer, from.layer, from.pointer, key));
    }
    it->second = {entry, std::move(origin)};
  }

  void add(const JsonNode& product, const std::string& layer, bool shipped) {
    for (const auto& [key, value] : product.value().items()) {
      if (key != "months" && key != "out_of_band") top[key] = value;
    }
    if (auto list = product.find("months")) {
      for (std::size_t i = 0; i < list->array_size(); ++i) {
        const auto entry = list->element(i);
        put(months, std::string(entry.at("month").string()), entry.value(), {layer, entry.pointer(), shipped});
      }
    }
    if (auto list = product.find("out_of_band")) {
      for (std::size_t i = 0; i < list->array_size(); ++i) {
        const auto entry = list->element(i);
        put(out_of_band, std::string(entry.at("kb").string()), entry.value(), {layer, entry.pointer(), shipped});
      }
    }
  }

  [[nodiscard]] Json document() const {
    Json out = top;
    Json month_list = Json::array();
    for (const auto& [key, entry] : months) month_list.push_back(entry.first);
    Json oob_list = Json::array();
    for (const auto& [key, entry] : out_of_band) oob_list.push_back(entry.first);
    out["months"] = std::move(month_list);
    out["out_of_band"] = std::move(oob_list);
    return out;
  }
};

// Errors inside a layer name the layer: "cal.json:/months/3/kb".
template <typename F>
auto in_layer(const std::string& layer, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const LimitError& e) {
    throw LimitError(layer + ":" + e.path(), e.message());
  } catch (const InputError& e) {
    throw InputError(layer + ":" + e.path(), e.message());
  }
}

using ShippedData = std::array<std::pair<std::shared_ptr<const Calendar>, Json>, kAllProducts.size()>;

const ShippedData& shipped_data() {
  // Parsed once, on first use; immutable afterwards, so safe to share across threads.
  static const ShippedData data = [] {
    ShippedData out;
    for (const auto& [name, text] : detail::embedded_calendars()) {
      const auto p = parse_product(name);
      if (!p) throw std::logic_error(fmt::format("embedded calendar for unknown product {}", name));
      auto json = parse_json_text(text, name);
      out[static_cast<std::size_t>(*p)] = {std::make_shared<const Calendar>(calendar_from_json(json)), std::move(json)};
    }
    return out;
  }();
  return data;
}

}  // namespace

CalendarSet CalendarSet::shipped() {
  CalendarSet set;
  for (Product p : kAllProducts)
    set.calendars_[static_cast<std::size_t>(p)] = shipped_data()[static_cast<std::size_t>(p)].first;
  return set;
}

namespace {

using MergedProducts = std::array<std::optional<MergedProduct>, kAllProducts.size()>;

// The shipped data with each layer merged over it, for the products the layers
// name; each layer is validated on its own, so its errors point into its own file.
MergedProducts merge_layers(std::span<const CalendarLayer> layers) {
  MergedProducts merged;
  for (const auto& layer : layers) {
    in_layer(layer.name, [&] {
      for (const auto& product : calendar_products(layer.data)) {
        const auto calendar = calendar_from_json(product.value());
        auto& slot = merged[static_cast<std::size_t>(calendar.product())];
        if (!slot) {
          slot.emplace();
          slot->add(JsonNode(shipped_data()[static_cast<std::size_t>(calendar.product())].second, ""), "shipped data",
                    true);
        }
        slot->add(product, layer.name, false);
      }
      return 0;
    });
  }
  return merged;
}

std::string merged_name(Product p, std::span<const CalendarLayer> layers) {
  std::vector<std::string_view> names;
  for (const auto& layer : layers) names.push_back(layer.name);
  return fmt::format("{} data merged from {}", product_id(p), fmt::join(names, ", "));
}

}  // namespace

CalendarSet CalendarSet::with_layers(std::span<const CalendarLayer> layers) {
  CalendarSet set = shipped();
  if (layers.empty()) return set;
  for (const auto& layer : layers) set.layer_names_.push_back(layer.name);
  auto merged = merge_layers(layers);
  for (Product p : kAllProducts) {
    auto& slot = merged[static_cast<std::size_t>(p)];
    if (!slot) continue;
    // A KB a user layer moved (e.g. a hotpatch KB re-listed as an out-of-band
    // release) may now appear twice: that is an error in the merged data.
    set.calendars_[static_cast<std::size_t>(p)] = in_layer(
        merged_name(p, layers), [&] { return std::make_shared<const Calendar>(calendar_from_json(slot->document())); });
  }
  return set;
}

Json layered_calendar_json(Product product, std::span<const CalendarLayer> layers) {
  const auto merged = merge_layers(layers);
  const auto& slot = merged[static_cast<std::size_t>(product)];
  if (!slot) return shipped_data()[static_cast<std::size_t>(product)].second;
  Json document = slot->document();
  in_layer(merged_name(product, layers), [&] { return calendar_from_json(document); });
  return document;
}

CalendarSet CalendarSet::replaced(Calendar calendar) const {
  CalendarSet set = *this;
  const auto index = static_cast<std::size_t>(calendar.product());
  set.calendars_[index] = std::make_shared<const Calendar>(std::move(calendar));
  return set;
}

CalendarSet CalendarSet::with_files(std::span<const std::string> paths) {
  std::vector<CalendarLayer> layers;
  layers.reserve(paths.size());
  for (const auto& path : paths) layers.push_back({path, load_json_file(path)});
  return with_layers(layers);
}

Calendar calendar_from_json(const Json& data) { return detail::CalendarReader::read(data); }

}  // namespace hotplan
