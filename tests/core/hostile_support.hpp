// Helpers shared by the hostile-corpus test and the fuzz targets (fuzz/): build an entry's raw
// input, and check an answer's bytes (UTF-8) and numbers (finite).
#pragma once
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hostile {

inline std::string base64_decode(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = value(c);
    if (v < 0) continue;  // '=' padding
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// The raw text of a corpus entry: input, input_b64 or input_repeat {prefix, repeat, times, suffix}.
inline std::string input_of(const nlohmann::json& e) {
  if (e.contains("input")) return e["input"].get<std::string>();
  if (e.contains("input_b64")) return base64_decode(e["input_b64"].get<std::string>());
  const auto& r = e.at("input_repeat");
  std::string out = r.at("prefix").get<std::string>();
  const std::string unit = r.at("repeat").get<std::string>();
  const long long times = r.at("times").get<long long>();
  out.reserve(out.size() + unit.size() * static_cast<size_t>(times) + 16);
  for (long long i = 0; i < times; ++i) out += unit;
  return out + r.at("suffix").get<std::string>();
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n;
    unsigned cp, min;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return false;
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

inline bool all_finite(const nlohmann::json& j) {
  if (j.is_number()) return std::isfinite(j.get<double>());
  if (j.is_structured())
    for (const auto& v : j)
      if (!all_finite(v)) return false;
  return true;
}

}  // namespace hostile
