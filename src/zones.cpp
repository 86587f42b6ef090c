#include "hotplan/zones.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>

#include "hotplan/civil.hpp"
#include "hotplan/error.hpp"
#include "json_node.hpp"
#include "text.hpp"

namespace hotplan {

namespace detail {
// Generated from data/zones/windows_zones.json by cmake/embed_data.cmake.
std::vector<std::pair<std::string_view, std::string_view>> embedded_zone_data();
}  // namespace detail

namespace {

using std::chrono::seconds;

// The offset table covers every instant hotplan accepts, with a year of margin
// on each side (a window starting on 2100-12-31 ends in 2101).
const date::sys_seconds kTableBegin{date::sys_days{date::year{static_cast<int>(kFirstYear) - 1} / 1 / 1}};
const date::sys_seconds kTableEnd{date::sys_days{date::year{static_cast<int>(kLastYear) + 2} / 1 / 1}};

// date/tz reads the OS database from here (its compiled-in default on Linux).
constexpr std::string_view kZoneinfoDir = "/usr/share/zoneinfo/";

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

const StringMap<std::string>& windows_zones() {
  static const StringMap<std::string> map = [] {
    StringMap<std::string> out;
    for (const auto& [name, text] : detail::embedded_zone_data()) {
      const auto document = parse_json_text(text, name);
      for (const auto& [windows_id, iana] : document.at("zones").items())
        out.emplace(windows_id, iana.get<std::string>());
    }
    return out;
  }();
  return map;
}

// --- POSIX TZ rules (the footer of a TZif v2+ file, e.g. "CET-1CEST,M3.5.0,M10.5.0/3") ---

struct PosixDate {
  char kind = 'M';  // 'J': Julian day 1-365 without Feb 29; 'n': zero-based day 0-365; 'M': month.week.weekday
  int a = 0, b = 0, c = 0;
  seconds time{2 * 3600};  // local time of day of the change, may be negative or past 24h
};

struct PosixRule {
  seconds std_offset{0};  // UTC offsets (east positive, unlike POSIX's sign)
  seconds dst_offset{0};
  PosixDate dst_start, dst_end;
};

class PosixParser {
 public:
  explicit PosixParser(std::string_view text) : text_(text) {}

  std::optional<PosixRule> rule() {
    PosixRule r;
    if (!name()) return std::nullopt;
    const auto std_off = hms(24);
    if (!std_off) return std::nullopt;
    r.std_offset = -*std_off;
    if (done()) return std::nullopt;  // no daylight saving: nothing to extend
    if (!name()) return std::nullopt;
    r.dst_offset = r.std_offset + seconds{3600};
    if (!done() && peek() != ',') {
      const auto dst_off = hms(24);
      if (!dst_off) return std::nullopt;
      r.dst_offset = -*dst_off;
    }
    if (!eat(',') || !date(r.dst_start) || !eat(',') || !date(r.dst_end) || !done()) return std::nullopt;
    return r;
  }

 private:
  [[nodiscard]] bool done() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] char peek() const noexcept { return done() ? '\0' : text_[pos_]; }
  bool eat(char c) noexcept {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool name() noexcept {
    if (eat('<')) {
      const auto close = text_.find('>', pos_);
      if (close == std::string_view::npos) return false;
      pos_ = close + 1;
      return true;
    }
    const auto start = pos_;
    while ((peek() >= 'A' && peek() <= 'Z') || (peek() >= 'a' && peek() <= 'z')) ++pos_;
    return pos_ - start >= 3;
  }
  std::optional<int> number(int max) noexcept {
    const auto start = pos_;
    int value = 0;
    while (peek() >= '0' && peek() <= '9' && pos_ - start < 3) value = value * 10 + (text_[pos_++] - '0');
    if (pos_ == start || value > max) return std::nullopt;
    return value;
  }
  // [+-]hh[:mm[:ss]] in seconds.
  std::optional<seconds> hms(int max_hours) noexcept {
    int sign = 1;
    if (eat('-'))
      sign = -1;
    else
      eat('+');
    const auto h = number(max_hours);
    if (!h) return std::nullopt;
    int total = *h * 3600;
    if (eat(':')) {
      const auto m = number(59);
      if (!m) return std::nullopt;
      total += *m * 60;
      if (eat(':')) {
        const auto s = number(59);
        if (!s) return std::nullopt;
        total += *s;
      }
    }
    return seconds{sign * total};
  }
  bool date(PosixDate& d) noexcept {
    if (eat('M')) {
      d.kind = 'M';
      const auto m = number(12);
      if (!m || !eat('.')) return false;
      const auto w = number(5);
      if (!w || !eat('.')) return false;
      const auto wd = number(6);
      if (!wd || *m < 1 || *w < 1) return false;
      d.a = *m, d.b = *w, d.c = *wd;
    } else {
      d.kind = eat('J') ? 'J' : 'n';
      const auto n = number(365);
      if (!n || (d.kind == 'J' && *n < 1)) return false;
      d.a = *n;
    }
    if (eat('/')) {
      const auto t = hms(167);
      if (!t) return false;
      d.time = *t;
    }
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

date::sys_days posix_day(const PosixDate& d, date::year y) noexcept {
  const date::sys_days jan1{y / 1 / 1};
  switch (d.kind) {
    case 'J':
      return jan1 + date::days{d.a - 1 + ((d.a >= 60 && y.is_leap()) ? 1 : 0)};
    case 'n':
      return jan1 + date::days{d.a};
    default: {
      const date::month m{static_cast<unsigned>(d.a)};
      const date::weekday wd{static_cast<unsigned>(d.c)};
      if (d.b == 5) return date::sys_days{y / m / wd[date::last]};
      return date::sys_days{y / m / wd[static_cast<unsigned>(d.b)]};
    }
  }
}

// The TZ string at the end of a TZif v2+ file; nullopt when absent or unreadable.
std::optional<std::string> tzif_footer(const std::string& zone_name) {
  std::ifstream in(std::string(kZoneinfoDir) + zone_name, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (content.size() < 6 || content.compare(0, 4, "TZif") != 0 || content[4] < '2' || content.back() != '\n') {
    return std::nullopt;
  }
  const auto open = content.rfind('\n', content.size() - 2);
  if (open == std::string::npos) return std::nullopt;
  return content.substr(open + 1, content.size() - open - 2);
}

// Case-insensitive Levenshtein distance, or limit + 1 as soon as it must exceed
// `limit` (every name is compared on each unknown zone: most give up early).
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return limit + 1;  // no cell of a later row is smaller
  }
  return std::min(row[b.size()], limit + 1);
}

}  // namespace

TimeZone::TimeZone(std::string name, const date::time_zone* zone) : name_(std::move(name)), zone_(zone) {
  auto info = zone_->get_info(kTableBegin);
  initial_offset_ = info.offset;
  seconds current = info.offset;
  auto add = [&](date::sys_seconds at, seconds offset) {
    if (offset == current) return;  // a change of abbreviation or DST flag only
    transitions_.push_back({at, current, offset});
    current = offset;
  };
  while (info.end < kTableEnd) {
    info = zone_->get_info(info.end);
    add(info.begin, info.offset);
  }
  // date/tz knows only the explicit transitions of the TZif file; past the last
  // one the file's POSIX rule applies.
  const auto explicit_end = info.begin;
  const bool open_ended = info.end > kTableEnd + date::days{366 * 100};
  if (open_ended && explicit_end < kTableEnd) {
    const auto footer = tzif_footer(zone_->name());
    if (const auto rule = footer ? PosixParser(*footer).rule() : std::nullopt) {
      const auto first = date::year_month_day{date::floor<date::days>(explicit_end)}.year();
      const auto last = date::year_month_day{date::floor<date::days>(kTableEnd)}.year();
      for (auto y = first; y <= last; ++y) {
        const date::sys_seconds to_dst{posix_day(rule->dst_start, y) + rule->dst_start.time - rule->std_offset};
        const date::sys_seconds to_std{posix_day(rule->dst_end, y) + rule->dst_end.time - rule->dst_offset};
        std::pair<date::sys_seconds, seconds> changes[2] = {{to_dst, rule->dst_offset}, {to_std, rule->std_offset}};
        if (to_std < to_dst) std::swap(changes[0], changes[1]);  // southern hemisphere
        for (const auto& [at, offset] : changes) {
          if (at > explicit_end && at < kTableEnd) add(at, offset);
        }
      }
    }
  }
  local_upper_.reserve(transitions_.size());
  for (const auto& t : transitions_) {
    local_upper_.push_back((t.at.time_since_epoch() + std::max(t.offset_before, t.offset_after)).count());
  }
}

CivilLookup TimeZone::lookup(date::local_seconds local) const noexcept {
  const auto l = local.time_since_epoch();
  const auto index = static_cast<std::size_t>(std::upper_bound(local_upper_.begin(), local_upper_.end(), l.count()) -
                                              local_upper_.begin());
  CivilLookup out;
  if (index == transitions_.size() ||
      l < transitions_[index].at.time_since_epoch() +
              std::min(transitions_[index].offset_before, transitions_[index].offset_after)) {
    const auto offset = index == transitions_.size() ? (index == 0 ? initial_offset_ : transitions_.back().offset_after)
                                                     : transitions_[index].offset_before;
    const date::sys_seconds instant{l - offset};
    return {CivilLookup::Kind::unique, instant, instant, instant, offset, offset};
  }
  const auto& t = transitions_[index];
  out.kind = t.offset_after > t.offset_before ? CivilLookup::Kind::skipped : CivilLookup::Kind::repeated;
  out.pre = date::sys_seconds{l - t.offset_before};
  out.trans = t.at;
  out.post = date::sys_seconds{l - t.offset_after};
  out.offset_before = t.offset_before;
  out.offset_after = t.offset_after;
  return out;
}

std::chrono::seconds TimeZone::offset_at(date::sys_seconds instant) const noexcept {
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), instant,
                                   [](date::sys_seconds t, const Transition& tr) { return t < tr.at; });
  if (it == transitions_.begin()) return transitions_.empty() ? initial_offset_ : transitions_.front().offset_before;
  return std::prev(it)->offset_after;
}

namespace {
using detail::equal_ignoring_case;

// The IANA zone whose name equals `name` but for case, when exactly one does.
std::optional<std::string> iana_ignoring_case(std::string_view name) {
  std::optional<std::string> found;
  for (const auto& zone : date::get_tzdb().zones) {
    if (!equal_ignoring_case(zone.name(), name)) continue;
    if (found) return std::nullopt;  // ambiguous
    found = zone.name();
  }
  return found;
}
}  // namespace

std::optional<std::string_view> windows_zone_to_iana(std::string_view windows_id) noexcept {
  // Windows ids are case-insensitive (Azure returns them in any case).
  const auto& map = windows_zones();
  if (const auto it = map.find(windows_id); it != map.end()) return std::string_view(it->second);
  for (const auto& [id, iana] : map) {
    if (equal_ignoring_case(id, windows_id)) return std::string_view(iana);
  }
  return std::nullopt;
}

std::vector<std::string> closest_zone_names(std::string_view name, std::size_t count) {
  // Keeps the error path quick on hostile input: long names only get compared on a prefix.
  name = name.substr(0, 64);
  // The `count` closest so far, by distance then name; a candidate further than
  // the last of them cannot get in, so its distance need not be known exactly.
  std::vector<std::pair<std::size_t, std::string_view>> best;
  const auto consider = [&](std::string_view candidate) {
    if (count == 0) return;
    const std::size_t limit = best.size() < count ? std::numeric_limits<std::size_t>::max() - 1 : best.back().first;
    // "Tokio" is closest to Asia/Tokyo's city, not to its whole name.
    std::size_t distance = edit_distance(name, candidate, limit);
    if (const auto slash = candidate.rfind('/'); slash != std::string_view::npos) {
      distance = std::min(distance, edit_distance(name, candidate.substr(slash + 1), limit));
    }
    const std::pair<std::size_t, std::string_view> scored{distance, candidate};
    if (scored.first > limit) return;
    const auto at = std::lower_bound(best.begin(), best.end(), scored);
    if (at != best.end() && at->second == candidate) return;  // "UTC" is an IANA name and a Windows id
    best.insert(at, scored);
    if (best.size() > count) best.pop_back();
  };
  for (const auto& zone : date::get_tzdb().zones) {
    if (zone.name() != "localtime") consider(zone.name());
  }
  for (const auto& [windows_id, iana] : windows_zones()) consider(windows_id);
  std::vector<std::string> out;
  for (const auto& [distance, candidate] : best) out.emplace_back(candidate);
  return out;
}

const TimeZone& find_time_zone(std::string_view name, const std::string& where) {
  // Zones resolve once per name and live for the whole program; the table is
  // shared between a Windows id and its IANA name.
  static std::shared_mutex mutex;
  static StringMap<const TimeZone*> by_name;
  static StringMap<std::unique_ptr<TimeZone>> by_iana;
  {
    std::shared_lock lock(mutex);
    if (const auto it = by_name.find(name); it != by_name.end()) return *it->second;
  }
  const auto windows = windows_zone_to_iana(name);
  std::string iana(windows ? *windows : name);
  const date::time_zone* zone = nullptr;
  try {
    if (!iana.empty() && iana != "localtime") zone = date::locate_zone(iana);
  } catch (const std::runtime_error&) {
    zone = nullptr;
  }
  if (zone == nullptr && !windows) {
    // "europe/berlin": the IANA name that differs only in case, if just one does.
    if (auto exact = iana_ignoring_case(name); exact && *exact != "localtime") {
      iana = std::move(*exact);
      zone = date::locate_zone(iana);
    }
  }
  if (zone == nullptr) {
    if (windows) {
      throw InputError(
          where, fmt::format("Windows time zone \"{}\" maps to \"{}\", which the OS tz database lacks", name, iana));
    }
    throw InputError(where, fmt::format("unknown time zone \"{}\"; did you mean {}?", name,
                                        fmt::join(closest_zone_names(name), ", ")));
  }
  std::unique_lock lock(mutex);
  auto& slot = by_iana[iana];
  if (!slot) slot = std::make_unique<TimeZone>(iana, zone);
  by_name.emplace(std::string(name), slot.get());
  return *slot;
}

detail::InstantText local_text(const ZonedInstant& instant) {
  const auto local = instant.local();
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const auto offset = instant.offset.count();
  const auto magnitude = static_cast<unsigned>(offset < 0 ? -offset : offset);
  detail::InstantText text;
  if (!detail::four_digit_year(ymd.year()) || magnitude >= 100 * 3600) {
    auto formatted = fmt::format("{}{}{:02}:{:02}", date::format("%FT%T", local), offset < 0 ? '-' : '+',
                                 magnitude / 3600, magnitude / 60 % 60);
    if (magnitude % 60 != 0) formatted += fmt::format(":{:02}", magnitude % 60);
    text.size = std::min(formatted.size(), sizeof text.bytes);
    std::memcpy(text.bytes, formatted.data(), text.size);
    return text;
  }
  // "2026-03-28T22:00:00+01:00", and ":SS" for an offset with seconds (LMT).
  auto* end = detail::put_date(text.bytes, ymd);
  *end++ = 'T';
  end = detail::put_time_of_day(end, local - day);
  *end++ = offset < 0 ? '-' : '+';
  end = detail::put_digits(end, magnitude / 3600, 2);
  *end++ = ':';
  end = detail::put_digits(end, magnitude / 60 % 60, 2);
  if (magnitude % 60 != 0) {
    *end++ = ':';
    end = detail::put_digits(end, magnitude % 60, 2);
  }
  text.size = static_cast<std::size_t>(end - text.bytes);
  return text;
}

std::string format_local(const ZonedInstant& instant) { return std::string(local_text(instant).view()); }

}  // namespace hotplan
