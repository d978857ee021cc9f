#include "mlsysim/units.hpp"

#include <cmath>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <utility>

#include "mlsysim/text.hpp"

namespace mlsysim {

Dimension Dimension::operator*(const Dimension& o) const {
  Dimension r;
  for (int i = 0; i < kCount; ++i) r.exp[i] = exp[i] + o.exp[i];
  return r;
}

Dimension Dimension::operator/(const Dimension& o) const {
  Dimension r;
  for (int i = 0; i < kCount; ++i) r.exp[i] = exp[i] - o.exp[i];
  return r;
}

namespace {

Dimension base(Dimension::Base b) {
  Dimension d;
  d.exp[b] = 1;
  return d;
}

struct Named {
  const char* name;
  Dimension (*make)();
};

// Canonical names tried in order when printing a dimension.
const Named kNamed[] = {
    {"dimensionless", dim::none},     {"s", dim::time},
    {"B", dim::bytes},                {"FLOP", dim::flops},
    {"FLOP/s", dim::flop_rate},       {"B/s", dim::bandwidth},
    {"W", dim::power},                {"J", dim::energy},
    {"USD", dim::money},              {"kgCO2e", dim::carbon},
    {"gCO2e/kWh", dim::carbon_intensity}, {"L/kWh", dim::water_intensity},
    {"USD/kWh", dim::price_per_energy},
};

}  // namespace

namespace dim {
Dimension none() { return {}; }
Dimension time() { return base(Dimension::kSecond); }
Dimension bytes() { return base(Dimension::kByte); }
Dimension flops() { return base(Dimension::kFlop); }
Dimension flop_rate() { return flops() / time(); }
Dimension bandwidth() { return bytes() / time(); }
Dimension energy() { return base(Dimension::kJoule); }
Dimension power() { return energy() / time(); }
Dimension money() { return base(Dimension::kUsd); }
Dimension carbon() { return base(Dimension::kCarbon); }
Dimension carbon_intensity() { return carbon() / energy(); }
Dimension water_intensity() { return base(Dimension::kLitre) / energy(); }
Dimension price_per_energy() { return money() / energy(); }
}  // namespace dim

std::string Dimension::name() const {
  for (const auto& n : kNamed)
    if (n.make() == *this) return n.name;
  static const char* sym[kCount] = {"s", "B", "FLOP", "J", "kgCO2e", "L", "USD"};
  std::string num, den;
  for (int i = 0; i < kCount; ++i) {
    if (exp[i] == 0) continue;
    std::string& side = exp[i] > 0 ? num : den;
    if (!side.empty()) side += "*";
    side += sym[i];
    if (std::abs(exp[i]) != 1) side.append("^").append(std::to_string(std::abs(exp[i])));
  }
  if (num.empty()) num.push_back('1');  // (not = "1": GCC 12's -Wrestrict false positive)
  return den.empty() ? num : num + "/" + den;
}

namespace {

struct Unit {
  double scale;  // SI value of one unit
  Dimension dim;
};

constexpr double kHour = 3600.0;

// Units spelled as whole words (no prefix applies).
std::optional<Unit> whole_word(std::string_view u) {
  const Dimension t = dim::time();
  if (u == "min") return Unit{60.0, t};
  if (u == "h" || u == "hr") return Unit{kHour, t};
  if (u == "day" || u == "days") return Unit{86400.0, t};
  if (u == "year" || u == "years" || u == "yr") return Unit{8760.0 * kHour, t};  // MODELS.md §A
  if (u == "$") return Unit{1.0, dim::money()};
  if (u == "tCO2e") return Unit{1000.0, dim::carbon()};
  if (u == "param" || u == "params") return Unit{1.0, dim::none()};
  return std::nullopt;
}

// Base symbols that accept an SI prefix (and binary prefixes for bytes).
std::optional<Unit> base_symbol(std::string_view u) {
  if (u == "s") return Unit{1.0, dim::time()};
  if (u == "B") return Unit{1.0, dim::bytes()};
  if (u == "b" || u == "bit") return Unit{1.0 / 8.0, dim::bytes()};  // 400 Gb/s = 50e9 B/s
  if (u == "FLOP" || u == "OP") return Unit{1.0, dim::flops()};
  if (u == "FLOPS" || u == "OPS" || u == "FLOPs/s")
    return Unit{1.0, dim::flop_rate()};  // "TFLOPS", "TOPS": per second
  if (u == "bps") return Unit{1.0 / 8.0, dim::bandwidth()};
  if (u == "W") return Unit{1.0, dim::power()};
  if (u == "J") return Unit{1.0, dim::energy()};
  if (u == "Wh") return Unit{kHour, dim::energy()};
  if (u == "USD") return Unit{1.0, dim::money()};
  if (u == "gCO2e") return Unit{1e-3, dim::carbon()};
  if (u == "L") return Unit{1.0, base(Dimension::kLitre)};
  return std::nullopt;
}

std::optional<double> si_prefix(std::string_view p) {
  static const std::pair<const char*, double> table[] = {
      {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {"\xC2\xB5", 1e-6}, {"m", 1e-3}, {"k", 1e3},
      {"K", 1e3},   {"M", 1e6},  {"G", 1e9},  {"T", 1e12},        {"P", 1e15}, {"E", 1e18}};
  for (const auto& [name, scale] : table)
    if (p == name) return scale;
  return std::nullopt;
}

std::optional<double> binary_prefix(std::string_view p) {
  static const std::pair<const char*, double> table[] = {
      {"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0},
      {"Pi", 1125899906842624.0}};
  for (const auto& [name, scale] : table)
    if (p == name) return scale;
  return std::nullopt;
}

std::optional<Unit> atom(std::string_view u) {
  if (u.empty()) return std::nullopt;
  if (auto w = whole_word(u)) return w;
  if (auto b = base_symbol(u)) return b;
  // Longest base suffix first: "kgCO2e" = k + gCO2e, "GiB" = Gi + B, "ms" = m + s.
  for (size_t split = 1; split < u.size(); ++split) {
    std::string_view prefix = u.substr(0, split), rest = u.substr(split);
    auto b = base_symbol(rest);
    if (!b) continue;
    if (auto bin = binary_prefix(prefix)) {
      if (b->dim == dim::bytes() && rest == "B") return Unit{*bin * b->scale, b->dim};
      return std::nullopt;  // "GiW" is not a unit
    }
    if (auto si = si_prefix(prefix)) return Unit{*si * b->scale, b->dim};
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// unit := atom ('/' atom)*   (a product may be written "kg CO2e"-free: one atom per side)
std::optional<Unit> unit_expression(std::string_view text) {
  Unit total{1.0, dim::none()};
  bool first = true;
  while (true) {
    size_t slash = text.find('/');
    std::string_view part = trim(text.substr(0, slash));
    // "FLOPs/s" style: the '/' belongs to the atom when the atom table knows it.
    if (first && slash != std::string_view::npos) {
      std::string_view joined = trim(text);
      if (auto whole = atom(joined)) return whole;
    }
    auto a = atom(part);
    if (!a) return std::nullopt;
    total.scale = first ? a->scale : total.scale / a->scale;
    total.dim = first ? a->dim : total.dim / a->dim;
    first = false;
    if (slash == std::string_view::npos) break;
    text = text.substr(slash + 1);
  }
  return total;
}

// A decimal number at the start of s; `used` = characters consumed (0: none). Exact: Clinger's fast
// path (≤ 15 significant digits, |exponent| ≤ 22, one correctly rounded multiply or divide) covers
// every datasheet figure; anything else goes to strtod. musl's strtod runs on software long double
// in wasm, which made parsing the catalog the slowest step of the page's start.
double parse_decimal(std::string_view s, size_t& used) {
  static const double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  unsigned long long mantissa = 0;
  int digits = 0, exponent = 0;
  bool any = false;
  auto digit = [&](char c) { return c >= '0' && c <= '9'; };
  for (; i < s.size() && digit(s[i]); ++i, any = true) {
    if (mantissa == 0 && s[i] == '0') continue;
    if (digits < 19) { mantissa = mantissa * 10 + static_cast<unsigned>(s[i] - '0'); ++digits; }
    else ++exponent;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && digit(s[i]); ++i, any = true) {
      if (mantissa == 0 && s[i] == '0') { --exponent; continue; }
      if (digits < 19) { mantissa = mantissa * 10 + static_cast<unsigned>(s[i] - '0'); ++digits; --exponent; }
    }
  }
  if (!any) {
    used = 0;
    return 0;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    bool eneg = false;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) eneg = s[j++] == '-';
    if (j < s.size() && digit(s[j])) {
      int e = 0;
      for (; j < s.size() && digit(s[j]); ++j) e = e < 100000 ? e * 10 + (s[j] - '0') : e;
      exponent += eneg ? -e : e;
      i = j;
    }
  }
  used = i;
  double value;
  if (mantissa == 0) {
    value = 0;
  } else if (digits <= 15 && exponent >= -22 && exponent <= 22) {
    value = static_cast<double>(mantissa);
    value = exponent >= 0 ? value * kPow10[exponent] : value / kPow10[-exponent];
  } else {
    const std::string copy(s.substr(0, i));
    value = std::fabs(std::strtod(copy.c_str(), nullptr));
  }
  return negative ? -value : value;
}

}  // namespace

std::string too_small_message(double si_value) {
  return "is too small to model (" + format_number(si_value) + " in SI units; nonzero values start at " +
         format_number(kSmallestMagnitude) + ")";
}

Quantity parse_quantity(std::string_view text) {
  const std::string original = clip(text);  // quoted in messages
  std::string_view s = trim(text);
  if (s.empty()) throw std::invalid_argument("expected a number with a unit (got '')");
  size_t used = 0;
  const double number = parse_decimal(s, used);
  if (used == 0) throw std::invalid_argument("expected a number with a unit (got '" + original + "')");
  if (!std::isfinite(number)) throw std::invalid_argument("must be a finite number (got '" + original + "')");
  std::string_view unit_text = trim(s.substr(used));
  if (unit_text.empty()) return Quantity{number, dim::none()};
  auto u = unit_expression(unit_text);
  if (!u)
    throw std::invalid_argument("unknown unit '" + clip(unit_text) + "' (got '" + original + "')");
  const double value = number * u->scale;
  if (!std::isfinite(value))
    throw std::invalid_argument("must be a finite number (got '" + original + "')");
  return Quantity{value, u->dim};
}

double parse_quantity_as(std::string_view text, const Dimension& expected) {
  Quantity q = parse_quantity(text);
  if (!(q.dim == expected))
    throw std::invalid_argument("expected " + expected.name() + " (got '" + clip(text) + "')");
  return q.value;
}

}  // namespace mlsysim
