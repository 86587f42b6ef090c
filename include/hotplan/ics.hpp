#pragma once
// iCalendar (RFC 5545) export of install windows, for Outlook and Google Calendar.
#include <date/date.h>

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "hotplan/fleet.hpp"
#include "hotplan/install_window.hpp"
#include "hotplan/plan.hpp"
#include "hotplan/rollout.hpp"

namespace hotplan {

struct IcsEvent {
  std::string uid;  // unique and stable across exports
  InstallWindow window;
  std::string summary;
  std::string description;
};

// A TEXT value escaped per RFC 5545 3.3.11: backslash, comma, semicolon and
// newline escaped; other control characters (which TEXT forbids) become spaces.
std::string ics_escape_text(std::string_view text);
// One content line, folded after at most 75 octets (never inside a UTF-8
// sequence), each physical line ending in CRLF.
std::string ics_fold_line(std::string_view line);

// A VCALENDAR with one VEVENT per event; times in UTC; `stamp` is the DTSTAMP.
std::string to_ics(const std::vector<IcsEvent>& events, date::sys_seconds stamp);
// The same text, written to `out` event by event instead of built whole.
void write_ics(std::ostream& out, const std::vector<IcsEvent>& events, date::sys_seconds stamp);

// One event per install window of a plan (add_install_windows first); restart
// months say so in the summary.
std::vector<IcsEvent> plan_ics_events(const FleetPlan& plan);
// A rollout's change windows: one event per batch (its whole span), then one
// per machine in it, in the machine's own time zone.
std::vector<IcsEvent> rollout_ics_events(const Fleet& fleet, const Rollout& rollout);
// "hotpatch 3, regular update 2, 2 restarting": what a batch installs.
std::string describe(const BatchOffers& offers);
// One event per off-peak window of a zone.
std::vector<IcsEvent> window_ics_events(std::string_view tz, const std::vector<InstallWindow>& windows);

}  // namespace hotplan
