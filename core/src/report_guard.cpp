#include "mlsysim/report_guard.hpp"

#include <algorithm>

#include "mlsysim/json_fields.hpp"
#include "mlsysim/json_writer.hpp"

namespace mlsysim::report_guard {

using nlohmann::json;

namespace {

constexpr size_t kMaxInputBytes = 4u << 20;  // 4 MiB of scenario text is far beyond any real config
constexpr int kMaxDepth = 64;                 // deeper nesting is rejected before parsing

int nesting_depth(const std::string& text) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

}  // namespace

std::string error_text(const std::string& path, const std::string& message) {
  JsonWriter w;
  w.begin_object().field("schema", kSchema).field("ok", false).key("error").begin_object();
  w.field("path", path).field("message", message).end_object().end_object();
  return w.take();
}

json parse_text(const std::string& text) {
  if (text.size() > kMaxInputBytes)
    throw InputError("", "scenario text is " + std::to_string(text.size()) + " bytes; at most " +
                             std::to_string(kMaxInputBytes) + " are accepted");
  if (nesting_depth(text) > kMaxDepth)
    throw InputError("", "scenario JSON nests deeper than " + std::to_string(kMaxDepth) + " levels");
  try {
    return parse_json(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number such as 1e309
    std::string what = e.what();
    auto pos = what.find("parse error");
    if (pos == std::string::npos && (pos = what.find("] ")) != std::string::npos) pos += 2;
    throw InputError("", "invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
  }
}

Detail read_detail(const json& scenario) {
  const json* d = field(scenario, "detail");
  if (!d) return Detail::kFull;
  const std::string v = read_string(*d, "detail");
  if (v == "full") return Detail::kFull;
  if (v == "summary") return Detail::kSummary;
  throw InputError("detail", "must be one of full, summary (got '" + v + "')");
}

}  // namespace mlsysim::report_guard
