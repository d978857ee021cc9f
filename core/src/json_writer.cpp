#include "mlsysim/json_writer.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace mlsysim {

void JsonWriter::before_value() {
  if (stack_.empty()) return;
  Frame& f = stack_.back();
  if (f.array && f.count++ > 0) out_ += ',';
}

JsonWriter& JsonWriter::key(std::string_view k) {
  Frame& f = stack_.back();
  if (f.count++ > 0) out_ += ',';
  f.key = k;
  append_json_string(out_, k);
  out_ += ':';
  return *this;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  stack_.push_back({false, 0, {}});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  stack_.pop_back();
  out_ += '}';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  stack_.push_back({true, 0, {}});
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  stack_.pop_back();
  out_ += ']';
  return *this;
}

std::string JsonWriter::current_path() const {
  std::string path;
  for (const auto& f : stack_) {
    if (f.array) {
      path += "[" + std::to_string(f.count - 1) + "]";
    } else if (!f.key.empty()) {
      if (!path.empty()) path += '.';
      path += f.key;
    }
  }
  return path;
}

JsonWriter& JsonWriter::value(double v) {
  before_value();
  if (!std::isfinite(v)) {
    nonfinite_.push_back(current_path());
    out_ += "null";
    return *this;
  }
  char buf[64];
  // Shortest round-trip digits (Grisu2, as nlohmann's dump): native and wasm print alike.
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

namespace {
// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid.
size_t utf8_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n;
  unsigned min;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) { n = 2; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { n = 3; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { n = 4; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  unsigned cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}
}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the pending run of bytes that need no escaping
  auto flush = [&](size_t i) {
    if (i > run) out.append(s.data() + run, i - run);
  };
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (size_t n = utf8_length(s, i)) {
        i += n;  // valid UTF-8 stays in the run
        continue;
      }
      flush(i);
      out += "\xEF\xBF\xBD";  // U+FFFD for an invalid byte
    } else {
      flush(i);
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default: out += "\\u00"; out += hex[c >> 4]; out += hex[c & 15];
      }
    }
    run = ++i;
  }
  flush(s.size());
  out += '"';
}

}  // namespace mlsysim
