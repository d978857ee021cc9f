// Small text helpers shared by messages: lower-casing, number spelling, nearest names.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mlsysim {

std::string to_lower(std::string_view s);

// Shortest spelling of a double that reads back exactly ("0", "1.5", "1e+30").
std::string format_number(double v);
// Fixed notation with `decimals` digits after the point ("114.8").
std::string format_fixed(double v, int decimals);

// Human rendering with a unit for messages: format_bytes_binary(85899345920) = "80.0 GiB".
std::string format_gib(double bytes);
std::string format_seconds(double s);  // "0.59 ms"

// Up to `limit` candidates closest to `query` (case-insensitive edit distance), best first.
std::vector<std::string> nearest_names(std::string_view query, const std::vector<std::string>& names,
                                       size_t limit = 3);

// `s` cut to at most `max` bytes on a UTF-8 boundary, "..." marking the cut: input quoted in a
// message stays short whatever its size.
std::string clip(std::string_view s, size_t max = 60);

std::string join(const std::vector<std::string>& items, std::string_view sep);

}  // namespace mlsysim
