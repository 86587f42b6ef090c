#pragma once
// The one error type for bad input: it knows where (a JSON pointer, or an
// argument name such as "--from") and what was expected.
#include <stdexcept>
#include <string>
#include <utility>

namespace hotplan {

class InputError : public std::runtime_error {
 public:
  InputError(std::string path, const std::string& message)
      : std::runtime_error(path.empty() ? message : path + ": " + message), path_(std::move(path)), message_(message) {}

  // Where the problem is: a JSON pointer such as "/machines/3/build", or a
  // command-line option; empty when the whole input is at fault.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  // What is wrong, without the path.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::string path_;
  std::string message_;
};

// Input that is well formed but larger than hotplan accepts (see limits.hpp).
class LimitError : public InputError {
 public:
  using InputError::InputError;
};

}  // namespace hotplan
