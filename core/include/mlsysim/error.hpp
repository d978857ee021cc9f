// Input errors carry the dotted scenario path of the offending field (DESIGN.md §3, MODELS.md §0).
#pragma once
#include <stdexcept>
#include <string>

namespace mlsysim {

// Messages quote the input; a hostile input (a megabyte name) must not come back whole, so a
// message is cut to kMaxMessageBytes on a UTF-8 boundary. Quoting code cuts values first (clip()).
inline constexpr size_t kMaxMessageBytes = 1000;

inline std::string bounded_message(const std::string& message) {
  if (message.size() <= kMaxMessageBytes) return message;
  size_t cut = kMaxMessageBytes;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  return message.substr(0, cut) + "...";
}

class InputError : public std::runtime_error {
 public:
  InputError(std::string path, const std::string& message)
      : std::runtime_error(bounded_message(message)), path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace mlsysim
