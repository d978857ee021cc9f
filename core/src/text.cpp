#include "mlsysim/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "mlsysim/json_writer.hpp"

namespace mlsysim {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// No printf or strtod here: on wasm32 musl formats and parses floats through software long double,
// which made one warning cost more than the whole roofline.
std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  char* end = write_double(buf, v);  // shortest digits that read back exactly, as results spell them
  if (end - buf > 2 && end[-2] == '.' && end[-1] == '0') end -= 2;  // "256", not "256.0"
  return std::string(buf, end);
}

std::string format_fixed(double v, int decimals) {
  if (!std::isfinite(v)) return format_number(v);
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  // Beyond 2^53 the digits are not exact anyway, and llround overflows long long (a 1e300 B device
  // reached here through a memory warning): spell such values in the shortest form instead.
  if (!(std::fabs(v) * scale < 9007199254740992.0)) return format_number(v);
  const long long scaled = std::llround(std::fabs(v) * scale);
  const long long unit = static_cast<long long>(scale);
  std::string out = v < 0 && scaled != 0 ? "-" : "";
  out += std::to_string(scaled / unit);
  if (decimals > 0) {
    const std::string frac = std::to_string(scaled % unit);
    out += '.';
    out.append(static_cast<size_t>(decimals) - frac.size(), '0');
    out += frac;
  }
  return out;
}

namespace {
// Three significant digits in fixed notation: 588 / 58.8 / 5.88 / 0.588.
std::string three_digits(double v) {
  const double a = std::fabs(v);
  return format_fixed(v, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}
}  // namespace

std::string format_gib(double bytes) { return format_fixed(bytes / 1073741824.0, 1) + " GiB"; }

std::string format_seconds(double s) {
  if (s < 1e-3) return three_digits(s * 1e6) + " µs";
  if (s < 1.0) return three_digits(s * 1e3) + " ms";
  return three_digits(s) + " s";
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
  // Edit distance costs |query|·|name|: a megabyte query is compared by its first 64 bytes (no
  // catalog name is near that long anyway).
  const std::string q = to_lower(query.substr(0, 64));
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

std::string clip(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max > 3 ? max - 3 : 0;  // never split a UTF-8 sequence: messages must stay valid text
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
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
