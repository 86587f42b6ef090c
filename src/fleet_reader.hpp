#pragma once
// Reading a large fleet document in slices. Private to the library's sources
// (and white-box tests and fuzz harnesses).
#include <cstddef>
#include <optional>
#include <string_view>

#include "hotplan/fleet.hpp"

namespace hotplan::detail {

// The fleet in `text`, its machines parsed `machines_per_slice` at a time so that
// only a slice per thread is ever on simdjson's tape, on `threads` threads (0:
// every core); exactly what parse_fleet_text gives, or nullopt whenever the text
// is not a fleet read without error (then the whole document's reading reports
// the error, word for word). `text` needs no padding.
std::optional<Fleet> read_fleet_in_slices(std::string_view text, std::size_t machines_per_slice, unsigned threads);

}  // namespace hotplan::detail
