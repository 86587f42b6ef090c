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

// task(i) for every i in [0, n): i == on_caller on the calling thread, every
// other on a thread of its own; once all have finished, the exception of the
// lowest i is rethrown. The one place threads are started and joined.
template <typename Task>
void run_each(std::size_t n, std::size_t on_caller, Task&& task) {
  std::vector<std::exception_ptr> errors(n);
  const auto run = [&](std::size_t i) noexcept {
    try {
      task(i);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> pool;  // joined on leaving the block, even by an exception
    pool.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (i != on_caller) pool.emplace_back(run, i);
    }
    if (on_caller < n) run(on_caller);
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
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
  run_each(parts, 0, [&](std::size_t part) { work(part, count * part / parts, count * (part + 1) / parts); });
}

// As parallel_parts, but every range on a thread of its own while the calling
// thread runs beside(), which must not touch what the ranges use; beside's
// exception comes after theirs.
template <typename Work, typename Beside>
void parallel_parts_beside(std::size_t count, unsigned threads, Work&& work, Beside&& beside) {
  const std::size_t parts = parallel_part_count(count, threads);
  run_each(parts + 1, parts, [&](std::size_t part) {
    if (part == parts) {
      beside();
    } else {
      work(part, count * part / parts, count * (part + 1) / parts);
    }
  });
}

// first() on a thread of its own while the calling thread runs second(), when
// `threads` allows two (else one after the other); first's exception comes first.
template <typename First, typename Second>
void run_both(unsigned threads, First&& first, Second&& second) {
  if (resolve_threads(threads) < 2) {
    first();
    second();
    return;
  }
  run_each(2, 1, [&](std::size_t i) { i == 0 ? first() : second(); });
}

// work(begin, end) on each range, as parallel_parts.
template <typename Work>
void parallel_ranges(std::size_t count, unsigned threads, Work&& work) {
  parallel_parts(count, threads, [&](std::size_t, std::size_t begin, std::size_t end) { work(begin, end); });
}

}  // namespace hotplan::detail
