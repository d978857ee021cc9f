#include "mlsysim/json_fields.hpp"

#include <cmath>

#include "mlsysim/error.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

using nlohmann::json;

json parse_json(const std::string& text) {
  // json::parse(text) is parser::parse, which instantiates the DOM builder with and without a
  // callback; json::sax_parse adds every binary format. This is parser::parse's no-callback
  // branch alone (nlohmann 3.11 detail API): same lexer, same messages, ~8 KB less wasm.
  json result;
  nlohmann::detail::json_sax_dom_parser<json> dom(result, /*allow_exceptions=*/true);
  auto input = nlohmann::detail::input_adapter(text);
  nlohmann::detail::parser<json, decltype(input)>(std::move(input)).sax_parse(&dom, /*strict=*/true);
  return result;
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string describe(const json& j) {
  // Spelled by hand rather than with json::dump: the serializer is the largest piece of nlohmann
  // code, and nothing else in the engine needs it (results are written by JsonWriter).
  std::string s;
  if (j.is_string()) s = j.get<std::string>();
  else if (j.is_number()) s = format_number(j.get<double>());
  else if (j.is_boolean()) s = j.get<bool>() ? "true" : "false";
  else if (j.is_null()) s = "null";
  else if (j.is_array()) s = j.empty() ? "[]" : "[…]";
  else s = j.empty() ? "{}" : "{…}";
  return clip(s);
}

double read_number(const json& j, const std::string& path) {
  if (!j.is_number()) throw InputError(path, "must be a number (got '" + describe(j) + "')");
  const double v = j.get<double>();
  if (!std::isfinite(v)) throw InputError(path, "must be a finite number (got '" + describe(j) + "')");
  if (v != 0 && std::fabs(v) < kSmallestMagnitude) throw InputError(path, too_small_message(v));
  return v;
}

double read_positive(const json& j, const std::string& path) {
  const double v = read_number(j, path);
  if (!(v > 0)) throw InputError(path, "must be > 0 (got " + format_number(v) + ")");
  return v;
}

long long read_count(const json& j, const std::string& path, long long max) {
  const double v = read_number(j, path);
  if (v != std::floor(v) || v < 1)
    throw InputError(path, "must be an integer ≥ 1 (got " + format_number(v) + ")");
  if (v > static_cast<double>(max))
    throw InputError(path, "must be ≤ " + std::to_string(max) + " (got " + format_number(v) + ")");
  return static_cast<long long>(v);
}

std::string read_string(const json& j, const std::string& path) {
  if (!j.is_string()) throw InputError(path, "must be a string (got '" + describe(j) + "')");
  return j.get<std::string>();
}

std::string read_label(const json& j, const std::string& path, size_t max_bytes) {
  std::string s = read_string(j, path);
  if (s.size() > max_bytes)
    throw InputError(path, "must be at most " + std::to_string(max_bytes) + " bytes (got " + std::to_string(s.size()) +
                               " bytes: '" + clip(s) + "')");
  return s;
}

bool read_bool(const json& j, const std::string& path) {
  if (!j.is_boolean()) throw InputError(path, "must be true or false (got '" + describe(j) + "')");
  return j.get<bool>();
}

double read_quantity(const json& j, const std::string& path, const Dimension& d) {
  if (j.is_number()) {
    // A bare number is accepted only where the field is dimensionless: units are never guessed.
    if (d == dim::none()) return read_number(j, path);
    throw InputError(path, "expected a unit string in " + d.name() + " (got '" + describe(j) + "')");
  }
  if (!j.is_string())
    throw InputError(path, "expected a unit string in " + d.name() + " (got '" + describe(j) + "')");
  double v;
  try {
    v = parse_quantity_as(j.get<std::string>(), d);
  } catch (const std::invalid_argument& e) {
    throw InputError(path, e.what());
  }
  if (v != 0 && std::fabs(v) < kSmallestMagnitude)
    throw InputError(path, too_small_message(v) + ": got '" + describe(j) + "'");
  return v;
}

double read_positive_quantity(const json& j, const std::string& path, const Dimension& d) {
  const double v = read_quantity(j, path, d);
  if (!(v > 0)) throw InputError(path, "must be > 0 (got '" + describe(j) + "')");
  return v;
}

const json* field(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace mlsysim
