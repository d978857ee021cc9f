#include "mlsysim/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace mlsysim {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  // %.17g round-trips; prefer the shortest that reads back.
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string format_gib(double bytes) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / 1073741824.0);
  return buf;
}

std::string format_seconds(double s) {
  char buf[48];
  if (s < 1e-3)
    std::snprintf(buf, sizeof buf, "%.3g µs", s * 1e6);
  else if (s < 1.0)
    std::snprintf(buf, sizeof buf, "%.3g ms", s * 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.3g s", s);
  return buf;
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::vector<std::string> nearest_names(std::string_view query, const std::vector<std::string>& names,
                                       size_t limit) {
  const std::string q = to_lower(query);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& n : names) {
    const std::string l = to_lower(n);
    size_t d = edit_distance(q, l);
    // A name that contains the query (or the reverse) is a strong hint: "llama" → Llama3_70B.
    if (!q.empty() && (l.find(q) != std::string::npos || q.find(l) != std::string::npos))
      d = std::min(d, std::max(l.size(), q.size()) - std::min(l.size(), q.size()) > 0 ? size_t{1} : size_t{0});
    scored.emplace_back(d, n);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, n] : scored) {
    if (out.size() >= limit) break;
    out.push_back(n);
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

}  // namespace mlsysim
