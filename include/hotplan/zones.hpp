#pragma once
// Time zones: IANA names and Windows ids resolved to the OS tz database, and the
// one way a local wall-clock time becomes an instant (civil time and absolute
// time stay apart, as in cctz and date).
#include <date/date.h>

#include "hotplan/civil.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;  // date/tz.h: only the library's sources need its definition
}  // namespace date

namespace hotplan {

// A local wall-clock time looked up in a zone has one of three outcomes (cf. cctz's
// civil_lookup and date's local_info):
//   unique:   pre == trans == post, the one instant;
//   skipped:  the time falls in a spring-forward gap and never happens;
//   repeated: the time falls in a fall-back overlap and happens twice.
// For skipped and repeated, `pre` uses the offset before the transition, `post`
// the offset after it, and `trans` is the transition instant. In a fall-back
// overlap pre < trans <= post; in a gap post < trans <= pre.
struct CivilLookup {
  enum class Kind : std::uint8_t { unique, skipped, repeated };
  Kind kind = Kind::unique;
  date::sys_seconds pre;
  date::sys_seconds trans;
  date::sys_seconds post;
  std::chrono::seconds offset_before{0};  // UTC offset before the transition (the offset, if unique)
  std::chrono::seconds offset_after{0};   // UTC offset after it
};

// An instant with the UTC offset in effect there, so it prints in local time
// without another zone lookup.
struct ZonedInstant {
  date::sys_seconds utc;
  std::chrono::seconds offset{0};
  [[nodiscard]] date::local_seconds local() const noexcept {
    return date::local_seconds{utc.time_since_epoch() + offset};
  }
  friend bool operator==(const ZonedInstant&, const ZonedInstant&) = default;
};

// The daylight-saving rules for a window's ends, each one line on the lookup:
// a start in a gap begins at the transition, an ambiguous start takes the earlier
// instant; an ambiguous end takes the later instant, an end in a gap ends at the transition.
constexpr ZonedInstant window_start_instant(const CivilLookup& l) noexcept {
  switch (l.kind) {
    case CivilLookup::Kind::unique:
      return {l.pre, l.offset_before};
    case CivilLookup::Kind::skipped:
      return {l.trans, l.offset_after};
    case CivilLookup::Kind::repeated:
      return {l.pre, l.offset_before};
  }
  return {l.pre, l.offset_before};
}
constexpr ZonedInstant window_end_instant(const CivilLookup& l) noexcept {
  switch (l.kind) {
    case CivilLookup::Kind::unique:
      return {l.pre, l.offset_before};
    case CivilLookup::Kind::skipped:
      return {l.trans, l.offset_after};
    case CivilLookup::Kind::repeated:
      return {l.post, l.offset_after};
  }
  return {l.pre, l.offset_before};
}

// A resolved zone: the OS tz database entry plus a precomputed table of its UTC
// offset changes from kFirstYear to past kLastYear, so lookups are a binary search.
// The table extends the zone's explicit transitions with the POSIX TZ rule at the
// end of its TZif file, which date/tz ignores (it stops daylight saving in 2037).
class TimeZone {
 public:
  struct Transition {
    date::sys_seconds at;
    std::chrono::seconds offset_before;
    std::chrono::seconds offset_after;
  };

  TimeZone(std::string name, const date::time_zone* zone);

  // The IANA name (the mapped one for a Windows id).
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const date::time_zone* tz() const noexcept { return zone_; }
  [[nodiscard]] const std::vector<Transition>& transitions() const noexcept { return transitions_; }

  [[nodiscard]] CivilLookup lookup(date::local_seconds local) const noexcept;
  [[nodiscard]] std::chrono::seconds offset_at(date::sys_seconds instant) const noexcept;
  [[nodiscard]] ZonedInstant zoned(date::sys_seconds instant) const noexcept { return {instant, offset_at(instant)}; }

 private:
  std::string name_;
  const date::time_zone* zone_;
  std::chrono::seconds initial_offset_{0};
  std::vector<Transition> transitions_;
  // Per transition, the larger of its two local wall-clock times: local times
  // below it (and at or above the smaller one) are in its gap or overlap.
  std::vector<std::int64_t> local_upper_;
};

// Resolves an IANA name ("Europe/Berlin") or a Windows id ("W. Europe Standard
// Time", CLDR territory 001). Results are cached (thread-safe) and live for the
// whole program. An unknown name is an InputError at `where` that suggests the
// closest known names.
const TimeZone& find_time_zone(std::string_view name, const std::string& where);

// The IANA name CLDR maps a Windows time zone id to; nullopt if unknown.
std::optional<std::string_view> windows_zone_to_iana(std::string_view windows_id) noexcept;

// Up to `count` known zone names (IANA and Windows) nearest to `name` by edit
// distance, ignoring case; for error messages.
std::vector<std::string> closest_zone_names(std::string_view name, std::size_t count = 3);

// "2026-03-28T22:00:00+01:00": ISO 8601 local time with its UTC offset.
std::string format_local(const ZonedInstant& instant);
// The same text held in place (no heap string), for writers that copy it on.
detail::InstantText local_text(const ZonedInstant& instant);

}  // namespace hotplan
