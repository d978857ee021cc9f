// Typed reads of JSON fields with the error texts of MODELS.md §0 "Input domains".
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mlsysim/units.hpp"

namespace mlsysim {

// The one JSON parse path of the engine (scenarios, catalogs, requests): json::parse's parser and
// errors (json::parse_error), without the callback parser that json::parse compiles in beside it.
nlohmann::json parse_json(const std::string& text);

std::string join_path(const std::string& parent, const std::string& key);

// A finite JSON number ("must be a number (got '8')").
double read_number(const nlohmann::json& j, const std::string& path);
// A finite number within [lo, hi] (bounds inclusive unless the *_open flags say otherwise).
double read_positive(const nlohmann::json& j, const std::string& path);  // > 0
// An integer in [1, max] ("must be an integer ≥ 1 (got 0)", "must be ≤ 1048576 (got 1e+30)").
long long read_count(const nlohmann::json& j, const std::string& path, long long max = 1LL << 20);
std::string read_string(const nlohmann::json& j, const std::string& path);
// A name or label shown back to the user (device, model, region, fabric): a string of at most
// max_bytes, so that a megabyte name is an input error rather than a megabyte echoed in every section.
std::string read_label(const nlohmann::json& j, const std::string& path, size_t max_bytes = 256);
bool read_bool(const nlohmann::json& j, const std::string& path);
// A unit string of the given dimension, or (for dimensionless fields) a plain number.
double read_quantity(const nlohmann::json& j, const std::string& path, const Dimension& d);
// Same, and > 0 ("must be > 0 (got '0 GB/s')").
double read_positive_quantity(const nlohmann::json& j, const std::string& path, const Dimension& d);

// Field helpers over an object: absent → nullopt.
const nlohmann::json* field(const nlohmann::json& obj, const char* key);

// A short rendering of a JSON value for messages (strings quoted, long text cut).
std::string describe(const nlohmann::json& j);

}  // namespace mlsysim
