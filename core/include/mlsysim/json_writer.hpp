// A streaming JSON writer for results: an order of magnitude cheaper than building a json tree
// (solve() must stay in the tens of microseconds in wasm). Non-finite numbers are written as null
// and their paths collected (MODELS.md §0 step 7); strings are emitted as valid UTF-8.
//
// It writes into one growing buffer with its own length, not through std::string appends: under
// -Oz every append, += and memcpy is an out-of-line call, and those calls were most of solve().
//
// A writer may be given omit rules (the "summary" detail level, report.cpp): a value whose key path
// matches a rule is left out, key and all. Its numbers are still checked, so the NONFINITE warnings
// of a summary are those of the full result.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlsysim {

// A key path to leave out, e.g. {"performance", "phases", "*", "operators"}; "*" matches any key.
// Rules follow object keys only (not array elements).
struct OmitRule {
  const std::string_view* keys;
  std::size_t size;
};

class JsonWriter {
 public:
  JsonWriter();
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
  // A literal key: its length is known, no strlen per field.
  template <std::size_t N, class T>
  JsonWriter& field(const char (&k)[N], const T& v) {
    key(std::string_view(k, N - 1));
    return value(v);
  }

  // Leaves out every value whose key path matches one of rules[0..count) (at most 32, which must
  // outlive the writer). Set before the first value.
  void omit(const OmitRule* rules, std::size_t count) {
    rules_ = rules;
    rule_count_ = count < 32 ? count : 32;
  }

  const std::vector<std::string>& nonfinite_paths() const { return nonfinite_; }
  std::string take();

 private:
  struct Frame {
    bool array;
    std::size_t count;
    std::string_view key;      // of the value being written in an object
    std::uint32_t rules = 0;   // omit rules whose keys so far match this frame's path
    std::uint32_t child = 0;   // of those, the rules that also match key and go deeper
  };
  bool before_value();  // false while a value is being left out
  void after_scalar();
  void push(bool array);
  bool omitted(Frame& f);  // does a rule end at the key being written? (sets f.child)
  std::string current_path() const;
  // At least n writable bytes at cur_.
  char* room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - cur_) < n) grow(n);
    return cur_;
  }
  void grow(std::size_t n);
  void put(char c) {
    *room(1) = c;
    ++cur_;
  }
  void put(std::string_view s);
  void put_string(std::string_view s);

  std::string out_;  // the buffer, always at its full size: [out_.data(), cur_) is written
  char* cur_ = nullptr;
  char* end_ = nullptr;
  std::vector<Frame> stack_;
  std::vector<std::string> nonfinite_;
  const OmitRule* rules_ = nullptr;
  std::size_t rule_count_ = 0;
  std::size_t skip_depth_ = 0;  // > 0 while leaving out the value of a key at this stack depth
};

// Appends s to out as a JSON string literal; invalid UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view s);

// Shortest digits that read back exactly, as nlohmann's dump spells them ("1.5", "256.0", "1e+30"):
// writes at most 32 chars at buf and returns the end. v must be finite.
char* write_double(char* buf, double v);

}  // namespace mlsysim
