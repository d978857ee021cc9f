// A streaming JSON writer for results: an order of magnitude cheaper than building a json tree
// (solve() must stay in the tens of microseconds in wasm). Non-finite numbers are written as null
// and their paths collected (MODELS.md §0 step 7); strings are emitted as valid UTF-8.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mlsysim {

class JsonWriter {
 public:
  JsonWriter() { out_.reserve(16384); }  // a full result is ~10 KB: one allocation
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);  // k must outlive the next value written

  JsonWriter& value(double v);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  JsonWriter& value(int v) { return value(static_cast<double>(v)); }
  JsonWriter& null();
  // Verbatim JSON text (already valid), e.g. a nested document.
  JsonWriter& raw(std::string_view json);

  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  const std::vector<std::string>& nonfinite_paths() const { return nonfinite_; }
  std::string take() { return std::move(out_); }

 private:
  struct Frame {
    bool array;
    size_t count;
    std::string_view key;  // of the value being written in an object
  };
  void before_value();
  std::string current_path() const;

  std::string out_;
  std::vector<Frame> stack_;
  std::vector<std::string> nonfinite_;
};

// Appends s to out as a JSON string literal; invalid UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view s);

}  // namespace mlsysim
