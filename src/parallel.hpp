#pragma once
// Work on independent items split over threads: each thread takes one
// contiguous range, so results written by index need no locking and come out in
// the same order as with one thread.
#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace hotplan::detail {

// 0 means every core the machine reports.
inline unsigned resolve_threads(unsigned requested) noexcept {
  return requested != 0 ? requested : std::max(1U, std::thread::hardware_concurrency());
}

// How many ranges parallel_parts splits `count` items into: at most `threads`,
// and none shorter than 64 items (fewer would cost more to start than they save).
inline std::size_t parallel_part_count(std::size_t count, unsigned threads) noexcept {
  return std::min<std::size_t>(resolve_threads(threads), std::max<std::size_t>(count / 64, 1));
}

// Calls work(part, begin, end) for each of the parallel_part_count(count, threads)
// ranges of [0, count), in order of part; the first exception (in range order) is
// rethrown after every thread has finished.
template <typename Work>
void parallel_parts(std::size_t count, unsigned threads, Work&& work) {
  const std::size_t parts = parallel_part_count(count, threads);
  if (parts <= 1) {
    work(std::size_t{0}, std::size_t{0}, count);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  std::vector<std::thread> pool;
  pool.reserve(parts - 1);
  const auto range = [&](std::size_t part) {
    const std::size_t begin = count * part / parts;
    const std::size_t end = count * (part + 1) / parts;
    try {
      work(part, begin, end);
    } catch (...) {
      errors[part] = std::current_exception();
    }
  };
  for (std::size_t part = 1; part < parts; ++part) pool.emplace_back(range, part);
  range(0);
  for (auto& t : pool) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

// work(begin, end) on each range, as parallel_parts.
template <typename Work>
void parallel_ranges(std::size_t count, unsigned threads, Work&& work) {
  parallel_parts(count, threads, [&](std::size_t, std::size_t begin, std::size_t end) { work(begin, end); });
}

}  // namespace hotplan::detail
