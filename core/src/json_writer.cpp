#include "mlsysim/json_writer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

namespace mlsysim {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n;
  unsigned min;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) { n = 2; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { n = 3; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { n = 4; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  unsigned cp = c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// A mask with the high bit set in each byte lane of w that needs more than a copy: a control
// byte, '"', '\\' or a non-ASCII byte (whose UTF-8 is checked). The lowest set bit is exact (borrows
// only run upwards), so it names the first such byte. Plain text goes 8 bytes at a time.
std::uint64_t special_bytes(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const std::uint64_t quote = w ^ ('"' * ones), backslash = w ^ ('\\' * ones);
  return (w | ((w - 0x20 * ones) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs;
}

// Escapes s from at up to stop (a UTF-8 sequence begun before stop is finished) into p, which has
// room for 6·(stop − at) + 3 bytes; advances at and returns the new end of p.
char* escape(char* p, std::string_view s, std::size_t& at, std::size_t stop) {
  static_assert(std::endian::native == std::endian::little, "byte lanes are read little-endian");
  static const char* hex = "0123456789abcdef";
  std::size_t i = at;  // a local: stores through p (a char*) may alias anything, a reference too
  while (i < stop) {
    // Up to 8 bytes at once (a short tail padded with 'a'); 8 are always stored, as p has room
    // for at least 9 while a byte is left, and only the plain ones are kept.
    const std::size_t n = stop - i < 8 ? stop - i : 8;
    std::uint64_t w;
    if (n == 8) {
      std::memcpy(&w, s.data() + i, 8);
    } else {
      char tail[8] = {'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'};
      for (std::size_t k = 0; k < n; ++k) tail[k] = s[i + k];
      std::memcpy(&w, tail, 8);
    }
    std::memcpy(p, &w, 8);
    const std::uint64_t special = special_bytes(w);
    const std::size_t plain = special == 0 ? n : static_cast<std::size_t>(std::countr_zero(special)) / 8;
    p += plain;
    i += plain;
    if (plain == n) continue;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const std::size_t len = utf8_length(s, i)) {
        for (std::size_t k = 0; k < len; ++k) *p++ = s[i + k];  // valid UTF-8 is copied as is
        i += len;
      } else {
        *p++ = '\xEF';  // U+FFFD for an invalid byte
        *p++ = '\xBF';
        *p++ = '\xBD';
        ++i;
      }
    } else {
      *p++ = '\\';
      switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\n': *p++ = 'n'; break;
        case '\t': *p++ = 't'; break;
        case '\r': *p++ = 'r'; break;
        default:
          *p++ = 'u';
          *p++ = '0';
          *p++ = '0';
          *p++ = hex[c >> 4];
          *p++ = hex[c & 15];
      }
      ++i;
    }
  }
  at = i;
  return p;
}

constexpr std::size_t kChunk = 4096;  // strings are escaped in pieces: room grows by 6 bytes per byte

}  // namespace

char* write_double(char* buf, double v) {
  // Integers below 10^15 are most of a result (counts, bytes, prices): their shortest round-trip
  // spelling is their digits, which is what Grisu2 finds too (nlohmann prints them as "256.0";
  // tests/core/test_json_writer.cpp checks the two agree). Everything else goes through Grisu2.
  const double a = std::fabs(v);
  if (a >= 1 && a < 1e15 && a == std::floor(a)) {
    if (v < 0) *buf++ = '-';
    char digits[16];
    int n = 0;
    for (auto u = static_cast<std::uint64_t>(a); u > 0; u /= 10) digits[n++] = static_cast<char>('0' + u % 10);
    while (n > 0) *buf++ = digits[--n];
    *buf++ = '.';
    *buf++ = '0';
    return buf;
  }
  return nlohmann::detail::to_chars(buf, buf + 32, v);
}

JsonWriter::JsonWriter() {
  out_.resize(8192);  // a summary fits; a full result (10–30 KB) doubles this twice
  cur_ = out_.data();
  end_ = cur_ + out_.size();
  stack_.reserve(16);
}

void JsonWriter::grow(std::size_t n) {
  const std::size_t len = static_cast<std::size_t>(cur_ - out_.data());
  out_.resize(std::max(out_.size() * 2, len + n));
  cur_ = out_.data() + len;
  end_ = out_.data() + out_.size();
}

void JsonWriter::put(std::string_view s) {
  std::memcpy(room(s.size()), s.data(), s.size());
  cur_ += s.size();
}

void JsonWriter::put_string(std::string_view s) {
  put('"');
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t stop = std::min(s.size(), i + kChunk);
    cur_ = escape(room(6 * (stop - i) + 3), s, i, stop);
  }
  put('"');
}

std::string JsonWriter::take() {
  out_.resize(static_cast<std::size_t>(cur_ - out_.data()));
  cur_ = end_ = nullptr;
  return std::move(out_);
}

bool JsonWriter::before_value() {
  if (stack_.empty()) return skip_depth_ == 0;
  Frame& f = stack_.back();
  if (f.array && f.count++ > 0 && skip_depth_ == 0) put(',');
  return skip_depth_ == 0;
}

void JsonWriter::after_scalar() {
  if (skip_depth_ != 0 && skip_depth_ == stack_.size()) skip_depth_ = 0;  // the left-out value was this scalar
}

bool JsonWriter::omitted(Frame& f) {
  f.child = 0;
  const std::size_t depth = stack_.size();
  bool match = false;
  for (std::uint32_t r = 0, bits = f.rules; bits != 0; ++r, bits >>= 1) {
    if (!(bits & 1)) continue;
    const OmitRule& rule = rules_[r];
    const std::string_view want = rule.keys[depth - 1];
    if (want != "*" && want != f.key) continue;
    if (rule.size == depth) match = true;
    else f.child |= std::uint32_t{1} << r;
  }
  return match;
}

void JsonWriter::push(bool array) {
  std::uint32_t rules = 0;
  if (stack_.empty()) rules = rule_count_ == 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << rule_count_) - 1;
  else if (!array && !stack_.back().array) rules = stack_.back().child;
  stack_.push_back({array, 0, {}, rules, 0});
}

JsonWriter& JsonWriter::key(std::string_view k) {
  Frame& f = stack_.back();
  f.key = k;
  if (skip_depth_ != 0) return *this;  // inside a left-out value: only the path is tracked
  if (f.rules != 0 && omitted(f)) {
    skip_depth_ = stack_.size();
    return *this;
  }
  if (f.count++ > 0) put(',');
  put_string(k);
  put(':');
  return *this;
}

JsonWriter& JsonWriter::begin_object() {
  if (before_value()) put('{');
  push(false);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  stack_.pop_back();
  if (skip_depth_ == 0) put('}');
  else if (skip_depth_ == stack_.size()) skip_depth_ = 0;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  if (before_value()) put('[');
  push(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  stack_.pop_back();
  if (skip_depth_ == 0) put(']');
  else if (skip_depth_ == stack_.size()) skip_depth_ = 0;
  return *this;
}

std::string JsonWriter::current_path() const {
  std::string path;
  for (const auto& f : stack_) {
    if (f.array) {
      path += '[';
      path += std::to_string(f.count - 1);
      path += ']';
    } else if (!f.key.empty()) {
      if (!path.empty()) path += '.';
      path += f.key;
    }
  }
  return path;
}

JsonWriter& JsonWriter::value(double v) {
  const bool emit = before_value();
  if (!std::isfinite(v)) {
    nonfinite_.push_back(current_path());  // left-out values are checked too: warnings stay the same
    if (emit) put("null");
  } else if (emit) {
    cur_ = write_double(room(32), v);
  }
  after_scalar();
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  if (before_value()) put_string(s);
  after_scalar();
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  if (before_value()) put(b ? std::string_view("true") : std::string_view("false"));
  after_scalar();
  return *this;
}

JsonWriter& JsonWriter::null() {
  if (before_value()) put("null");
  after_scalar();
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  if (before_value()) put(json);
  after_scalar();
  return *this;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t stop = std::min(s.size(), i + kChunk);
    const std::size_t old = out.size();
    out.resize(old + 6 * (stop - i) + 3);
    out.resize(static_cast<std::size_t>(escape(out.data() + old, s, i, stop) - out.data()));
  }
  out += '"';
}

}  // namespace mlsysim
