// Input errors carry the dotted scenario path of the offending field (DESIGN.md §3, MODELS.md §0).
#pragma once
#include <stdexcept>
#include <string>

namespace mlsysim {

class InputError : public std::runtime_error {
 public:
  InputError(std::string path, const std::string& message)
      : std::runtime_error(message), path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace mlsysim
