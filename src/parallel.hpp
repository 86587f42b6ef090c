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

// Calls work(begin, end) on [0, count) split into at most `threads` ranges; the
// first exception (in range order) is rethrown after every thread has finished.
template <typename Work>
void parallel_ranges(std::size_t count, unsigned threads, Work&& work) {
  const std::size_t parts = std::min<std::size_t>(resolve_threads(threads), std::max<std::size_t>(count / 64, 1));
  if (parts <= 1) {
    work(std::size_t{0}, count);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  std::vector<std::thread> pool;
  pool.reserve(parts - 1);
  const auto range = [&](std::size_t part) {
    const std::size_t begin = count * part / parts;
    const std::size_t end = count * (part + 1) / parts;
    try {
      work(begin, end);
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

}  // namespace hotplan::detail
