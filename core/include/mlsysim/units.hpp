// SI quantities at the edge: unit strings ("3.35 TB/s", "80 GiB", "989 TFLOP/s") in, SI doubles out.
// A value enters only through a named unit whose dimension is checked (MODELS.md §A).
#pragma once
#include <array>
#include <string>
#include <string_view>

namespace mlsysim {

// Exponents over the base dimensions the simulator needs.
struct Dimension {
  enum Base { kSecond, kByte, kFlop, kJoule, kCarbon, kLitre, kUsd, kCount };
  std::array<int, kCount> exp{};

  bool operator==(const Dimension&) const = default;
  Dimension operator*(const Dimension& o) const;
  Dimension operator/(const Dimension& o) const;
  std::string name() const;  // canonical spelling, e.g. "FLOP/s", "B/s", "W"
};

namespace dim {
Dimension none();
Dimension time();
Dimension bytes();
Dimension flops();             // FLOP (an operation count)
Dimension flop_rate();         // FLOP/s (TOPS counts as FLOP/s of its precision, MODELS.md §A)
Dimension bandwidth();         // B/s
Dimension power();             // W = J/s
Dimension energy();            // J
Dimension money();             // USD
Dimension carbon();            // kgCO2e
Dimension carbon_intensity();  // kgCO2e/J
Dimension water_intensity();   // L/J
Dimension price_per_energy();  // USD/J
}  // namespace dim

struct Quantity {
  double value = 0;  // SI
  Dimension dim;
};

// Nonzero inputs smaller than this (in SI units) describe no system and, as divisors, overflow a
// double into Infinity (a 1e-320 B/s memory, a 5e-324 efficiency): they are input errors.
inline constexpr double kSmallestMagnitude = 1e-30;
std::string too_small_message(double si_value);  // "is too small to model (1e-320 in SI units; …)"

// Parses "<number> <unit>"; throws std::invalid_argument with a one-sentence message.
Quantity parse_quantity(std::string_view text);

// Parses and checks the dimension: "expected FLOP/s (got '1 TB/s')".
double parse_quantity_as(std::string_view text, const Dimension& expected);

}  // namespace mlsysim
