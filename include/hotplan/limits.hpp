#pragma once
// Documented input limits: each is an error (LimitError), never a crash or a hang.
#include <cstddef>

namespace hotplan::limits {

inline constexpr std::size_t kMaxInputBytes = std::size_t{256} << 20U;  // one JSON document (256 MiB)
inline constexpr int kMaxJsonDepth = 64;                                // nesting of arrays and objects
inline constexpr std::size_t kMaxStringLength = 4096;                   // any one string value
inline constexpr std::size_t kMaxMachines = 2'000'000;                  // machines in one fleet
inline constexpr int kMaxMonths = 1200;                                 // months in one plan (100 years)
// Machines times months in one plan: bounds the memory of a plan (a few hundred
// bytes per machine-month) so that the largest fleet with the longest horizon is
// an error, not an out-of-memory crash.
inline constexpr std::size_t kMaxPlanMachineMonths = 20'000'000;
// A release information page as imported (the saved Learn page is a few hundred KB).
inline constexpr std::size_t kMaxPageBytes = std::size_t{16} << 20U;
inline constexpr std::size_t kMaxCatalogUpdates = 1'000'000;  // updates in one catalog

}  // namespace hotplan::limits
