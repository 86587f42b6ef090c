#pragma once
// Documented input limits: each is an error (LimitError), never a crash or a hang.
#include <cstddef>

namespace hotplan::limits {

inline constexpr std::size_t kMaxInputBytes = 256U * 1024U * 1024U;  // one JSON document
inline constexpr int kMaxJsonDepth = 64;                            // nesting of arrays and objects
inline constexpr std::size_t kMaxStringLength = 4096;               // any one string value
inline constexpr std::size_t kMaxMachines = 2'000'000;              // machines in one fleet
inline constexpr int kMaxMonths = 1200;                             // months in one plan (100 years)
inline constexpr std::size_t kMaxCatalogUpdates = 1'000'000;        // updates in one catalog

}  // namespace hotplan::limits
